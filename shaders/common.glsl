// Per-frame data and the atmosphere shared by the terrain and the sky, so distant terrain
// fades into exactly the colour the sky has behind it.

layout(set = 0, binding = 0) uniform Frame {
    mat4 viewProjection;   // camera-relative: positions are given minus the eye
    mat4 inverseViewProjection;
    vec4 sunDirection;     // xyz towards the sun (scene ENU), w sun elevation in radians
    vec4 localUp;          // xyz ellipsoid normal under the camera, w camera altitude in metres
    vec4 atmosphere;       // x haze extinction at sea level per metre, y scale height in metres, z Earth radius,
                           // w 1 to mark the background (debugging)
    vec4 sunLight;         // rgb the sun's colour (redder and dimmer when low), a daylight 0..1 (twilight)
    vec4 terrain;          // x vertical exaggeration, yzw the Earth's axis (towards the north pole)
    vec4 drapeNear;        // the ground's painting: a picture's uv = ground point minus eye (.xy) * zw + xy
    vec4 drapeFar;
    vec4 drape;            // x 1 when anything is painted, y outlines' width in pixels, z 1 to draw water
} frame;

const float PI = 3.14159265;

vec3 sunColour() { return frame.sunLight.rgb; }
float daylight() { return frame.sunLight.a; }

// Light from the sky on a surface facing `skyFacing` (0 away from the sky, 1 towards it): blue
// daylight, fading through twilight to a dim blue night light. Real night is black; a map that
// shows nothing at 02:00 on 17 September helps no one, so the night keeps the land readable
// (the "day for night" of film), about a fifth as bright as an overcast day.
vec3 ambientLight(float skyFacing) {
    return vec3(0.42, 0.5, 0.62) * skyFacing * 0.45 * daylight() +
           vec3(0.30, 0.38, 0.55) * (0.35 + 0.65 * skyFacing) * 0.4 * (1.0 - daylight());
}

// Sky radiance along a camera-relative direction, before haze.
vec3 skyColour(vec3 dir) {
    vec3 up = frame.localUp.xyz;
    float altitude = frame.localUp.w;
    float R = frame.atmosphere.z;
    // The horizon dips below level as the camera climbs.
    float dip = acos(clamp(R / (R + max(altitude, 0.0)), -1.0, 1.0));
    float elevation = asin(clamp(dot(dir, up), -1.0, 1.0)) + dip;
    float t = clamp(elevation / (PI / 2 + dip), 0.0, 1.0);
    float space = smoothstep(30000.0, 200000.0, altitude);
    vec3 zenith = mix(vec3(0.16, 0.34, 0.72), vec3(0.01, 0.02, 0.06), space);
    vec3 horizon = vec3(0.70, 0.80, 0.92);
    vec3 sky = mix(horizon, zenith, pow(t, 0.45));
    float sunAmount = max(dot(dir, frame.sunDirection.xyz), 0.0);
    sky += sunColour() * 0.25 * pow(sunAmount, 8.0); // the glow; the disc is added per pixel by the sky

    return sky * mix(0.08, 1.0, daylight());
}

// Colour of the haze seen along `dir`: the horizon sky with the sun's glow, the same as
// skyColour() at the horizon without its per-pixel cost (it runs per terrain vertex).
vec3 hazeColour(vec3 dir) {
    vec3 up = frame.localUp.xyz;
    vec3 level = normalize(dir - up * dot(dir, up));
    float sunAmount = max(dot(level, frame.sunDirection.xyz), 0.0);
    float glow = sunAmount * sunAmount;
    glow *= glow;
    glow *= glow; // sunAmount^8, as in skyColour()
    vec3 horizon = vec3(0.70, 0.80, 0.92) + sunColour() * 0.25 * glow;
    return horizon * mix(0.08, 1.0, daylight()) * 0.6;
}

// Fraction of the light scattered away along a ray from the camera over `distance` metres,
// through an exponential atmosphere (extinction falls with height). The end's altitude is
// taken on the sphere: over hundreds of kilometres a straight ray climbs away from the ground.
// Between the ends the altitude is treated as linear, which gives a closed form.
float hazeAmount(vec3 dir, float distance) {
    float extinction = frame.atmosphere.x, H = frame.atmosphere.y, R = frame.atmosphere.z;
    float a0 = frame.localUp.w;
    vec3 centre = -frame.localUp.xyz * (R + a0);
    float a1 = max(length(dir * distance - centre) - R, 0.0);
    float da = a1 - a0;
    float depth;
    if (abs(da) < 1.0)
        depth = distance * exp(-a0 / H);
    else
        depth = distance * H * (exp(-a0 / H) - exp(-a1 / H)) / da;
    return 1.0 - exp(-extinction * depth);
}

vec3 encodeSrgb(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    return mix(c * 12.92, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, step(0.0031308, c));
}
