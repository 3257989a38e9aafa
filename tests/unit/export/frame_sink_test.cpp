// The offline render's outputs: 16-bit PNGs, linear-light accumulation, PNG sequences and their
// resume, videos through the real ffmpeg (checked with ffprobe), and the progress line.

#include "export/frame_sink.h"
#include "export/progress.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <sys/wait.h>
#include <unistd.h>

namespace kresy {
namespace {

namespace fs = std::filesystem;

class FrameSinkTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "kresy_sink_test.XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
        std::sort(names.begin(), names.end());
        return names;
    }

    fs::path dir_;
};

// A frame that changes over time, so the encoder has real work and frames differ.
ImageRGBA8 testFrame(int width, int height, int frame) {
    ImageRGBA8 image{width, height, std::vector<uint8_t>(size_t(width) * height * 4)};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x) {
            uint8_t* p = &image.pixels[(size_t(y) * width + x) * 4];
            p[0] = uint8_t(x * 255 / width);
            p[1] = uint8_t(y * 255 / height);
            p[2] = uint8_t((x + y + frame * 4) & 255);
            p[3] = 255;
        }
    return image;
}

ImageRGBA8 solid(int width, int height, uint8_t value, uint8_t alpha = 255) {
    ImageRGBA8 image{width, height, {}};
    for (int i = 0; i < width * height; ++i) image.pixels.insert(image.pixels.end(), {value, value, value, alpha});
    return image;
}

uint8_t srgb8(double linear) {
    const double v = linear <= 0.0031308 ? linear * 12.92 : 1.055 * std::pow(linear, 1 / 2.4) - 0.055;
    return uint8_t(std::lround(v * 255));
}

std::string capture(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return out;
    char buffer[4096];
    size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
    ::pclose(pipe);
    return out;
}

// Ramps with noise in the low bits, and the extremes: every filter and match kind gets used.
ImageRGBA16 testImage16(int width, int height) {
    ImageRGBA16 image{width, height, {}};
    uint32_t state = 12345;
    for (int i = 0; i < width * height * 4; ++i) {
        state = state * 1664525u + 1013904223u;
        image.pixels.push_back(i % 97 == 0 ? 65535 : i % 89 == 0 ? 0 : uint16_t(i * 50 + (state >> 29)));
    }
    return image;
}

// --- PNG ---

TEST_F(FrameSinkTest, Png16RoundTripIsExact) {
    // 2.5 MB of scanlines: several strips, compressed on several threads.
    const ImageRGBA16 image = testImage16(1000, 320);
    std::string error;
    ASSERT_TRUE(writePng16(path("a.png"), image, &error)) << error;
    ImageRGBA16 back;
    ASSERT_TRUE(readPng16(path("a.png"), &back, &error)) << error;
    EXPECT_EQ(back.width, 1000);
    EXPECT_EQ(back.height, 320);
    EXPECT_TRUE(back.pixels == image.pixels);

    PngInfo info;
    ASSERT_TRUE(checkPng(path("a.png"), &info, &error)) << error;
    EXPECT_EQ(info.bitDepth, 16);
    EXPECT_EQ(info.colorType, 6);

    std::vector<uint8_t> written, again;
    ASSERT_TRUE(readFile(path("a.png"), &written, &error)) << error;
    ASSERT_TRUE(encodePng16(image, &again));
    EXPECT_TRUE(written == again);
    EXPECT_LT(written.size(), image.pixels.size() * 2); // compressed, not stored
}

TEST_F(FrameSinkTest, PngsDecodeExactlyInFfmpeg) {
    // stb checks neither chunk CRCs nor zlib's Adler-32; ffmpeg (zlib) checks the Adler-32.
    const ImageRGBA16 image = testImage16(500, 300);
    std::string error;
    ASSERT_TRUE(writePng16(path("b.png"), image, &error)) << error;
    const std::string raw = capture("ffmpeg -v error -i '" + path("b.png") + "' -f rawvideo -pix_fmt rgba64be - 2>&1");
    ASSERT_EQ(raw.size(), image.pixels.size() * 2) << raw.substr(0, 200);
    bool same = true;
    for (size_t i = 0; i < image.pixels.size(); ++i)
        same = same && uint8_t(raw[2 * i]) == image.pixels[i] >> 8 && uint8_t(raw[2 * i + 1]) == (image.pixels[i] & 0xff);
    EXPECT_TRUE(same);

    const ImageRGBA8 image8 = narrowTo8(image);
    ASSERT_TRUE(writePng(path("c.png"), image8, &error)) << error;
    const std::string raw8 = capture("ffmpeg -v error -i '" + path("c.png") + "' -f rawvideo -pix_fmt rgba - 2>&1");
    EXPECT_TRUE(raw8 == std::string(image8.pixels.begin(), image8.pixels.end())) << raw8.substr(0, 200);
}

TEST_F(FrameSinkTest, DepthConversionsRoundTrip) {
    ImageRGBA8 all{64, 1, {}};
    for (int v = 0; v < 256; ++v) all.pixels.push_back(uint8_t(v));
    const ImageRGBA16 wide = widenTo16(all);
    EXPECT_EQ(wide.pixels[255], 65535);
    EXPECT_EQ(wide.pixels[1], 257);
    EXPECT_TRUE(narrowTo8(wide).pixels == all.pixels);
}

// --- Accumulator ---

TEST(LinearAccumulator, CheckerAveragesInLinearLight) {
    ImageRGBA8 checker{4, 4, {}};
    for (int y = 0; y < 4; ++y)
        for (int x = 0; x < 4; ++x) {
            const uint8_t v = (x + y) % 2 ? 255 : 0;
            checker.pixels.insert(checker.pixels.end(), {v, v, v, v});
        }
    LinearAccumulator accumulator(2, 2);
    ASSERT_TRUE(accumulator.add(checker, 1.0f));
    const ImageRGBA8 out = accumulator.resolve8();
    ASSERT_EQ(out.pixels.size(), 16u);
    for (int i = 0; i < 4; ++i) {
        EXPECT_EQ(out.pixels[i * 4 + 0], 188); // linear 0.5, not the sRGB mean 128
        EXPECT_EQ(out.pixels[i * 4 + 2], 188);
        EXPECT_EQ(out.pixels[i * 4 + 3], 128); // alpha is linear already
    }
    const ImageRGBA16 out16 = accumulator.resolve16();
    const double expected16 = (1.055 * std::pow(0.5, 1 / 2.4) - 0.055) * 65535;
    EXPECT_NEAR(out16.pixels[0], expected16, 0.5);
}

TEST(LinearAccumulator, WeightsMotionBlurSamples) {
    LinearAccumulator accumulator(3, 2);
    ASSERT_TRUE(accumulator.add(solid(3, 2, 255), 3.0f));
    ASSERT_TRUE(accumulator.add(solid(6, 4, 0), 1.0f)); // sources may differ in k
    const ImageRGBA8 out = accumulator.resolve8();
    EXPECT_EQ(out.pixels[0], srgb8(0.75));
    EXPECT_EQ(out.pixels[3], 255);

    accumulator.clear();
    ASSERT_TRUE(accumulator.add(solid(3, 2, 40), 0.25f));
    EXPECT_EQ(accumulator.resolve8().pixels[4], 40);
}

TEST(LinearAccumulator, OneSampleComesBackExactly) {
    ImageRGBA8 all{256, 1, {}};
    for (int v = 0; v < 256; ++v) all.pixels.insert(all.pixels.end(), {uint8_t(v), uint8_t(255 - v), uint8_t(v), uint8_t(v)});
    LinearAccumulator accumulator(256, 1);
    ASSERT_TRUE(accumulator.add(all, 1.0f));
    EXPECT_TRUE(accumulator.resolve8().pixels == all.pixels);
    EXPECT_TRUE(accumulator.resolve16().pixels == widenTo16(all).pixels);
}

TEST(LinearAccumulator, RejectsSourcesThatAreNotWholeMultiples) {
    LinearAccumulator accumulator(8, 5);
    EXPECT_FALSE(accumulator.add(testFrame(15, 10, 0), 1.0f));
    EXPECT_FALSE(accumulator.add(testFrame(16, 15, 0), 1.0f)); // k differs in x and y
    EXPECT_FALSE(accumulator.add(testFrame(4, 5, 0), 1.0f));
    EXPECT_FALSE(accumulator.add(testFrame(8, 5, 0), 0.0f));
    EXPECT_TRUE(accumulator.add(testFrame(24, 15, 0), 1.0f));
}

TEST(LinearAccumulator, ResultDoesNotDependOnThreads) {
    auto run = [](int threads) {
        LinearAccumulator accumulator(33, 21, threads);
        for (int sample = 0; sample < 3; ++sample) accumulator.add(testFrame(99, 63, sample * 7), 0.3f + sample);
        return std::make_pair(accumulator.resolve8().pixels, accumulator.resolve16().pixels);
    };
    const auto one = run(1);
    EXPECT_TRUE(one == run(5));
    EXPECT_TRUE(one == run(16));
}

// --- Paths ---

TEST(OutputPath, PngSequenceNaming) {
    OutputSpec spec;
    std::string error;
    ASSERT_TRUE(parseOutputPath("out/shot_####.png", &spec, &error)) << error;
    EXPECT_EQ(spec.kind, OutputSpec::Kind::PngSequence);
    EXPECT_EQ(framePath(spec, 42), "out/shot_0042.png");
    EXPECT_EQ(framePath(spec, 123456), "out/shot_123456.png"); // wider numbers widen the run
    ASSERT_TRUE(parseOutputPath("shot.png", &spec, &error)) << error;
    EXPECT_EQ(framePath(spec, 42), "shot_00042.png");
    ASSERT_TRUE(parseOutputPath("a#b/take#.v2.PNG", &spec, &error)) << error; // '#' in a directory is literal
    EXPECT_EQ(framePath(spec, 7), "a#b/take7.v2.PNG");
    ASSERT_TRUE(parseOutputPath("####.png", &spec, &error)) << error;
    EXPECT_EQ(framePath(spec, 3), "0003.png");
}

TEST(OutputPath, VideoContainersAndCodecs) {
    OutputSpec spec;
    std::string error;
    ASSERT_TRUE(parseOutputPath("film.mp4", &spec, &error)) << error;
    EXPECT_EQ(spec.kind, OutputSpec::Kind::Video);
    EXPECT_EQ(spec.container, "mp4");
    EXPECT_EQ(spec.codec, VideoCodec::H264);
    ASSERT_TRUE(parseOutputPath("dir/film.h265.mp4", &spec, &error)) << error;
    EXPECT_EQ(spec.codec, VideoCodec::H265);
    ASSERT_TRUE(parseOutputPath("film.HEVC.MKV", &spec, &error)) << error;
    EXPECT_EQ(spec.codec, VideoCodec::H265);
    EXPECT_EQ(spec.container, "matroska");
    ASSERT_TRUE(parseOutputPath("film.mov", &spec, &error)) << error;
    EXPECT_EQ(spec.container, "mov");
}

TEST(OutputPath, BadPathsGiveOneLine) {
    for (const std::string bad : {"shot.jpg", "shot", "renders/", "shot_##_##.png", "film.avi", ""}) {
        OutputSpec spec;
        std::string error;
        EXPECT_FALSE(parseOutputPath(bad, &spec, &error)) << bad;
        EXPECT_EQ(error.find('\n'), std::string::npos) << error;
        if (!bad.empty()) {
            EXPECT_EQ(error.rfind(bad + ":", 0), 0u) << error;
        }
    }
    OutputSpec spec;
    std::string error;
    parseOutputPath("shot.jpg", &spec, &error);
    EXPECT_NE(error.find("'.jpg'"), std::string::npos) << error;
}

TEST(OutputPath, FrameRates) {
    FrameRate rate;
    std::string error;
    const std::pair<const char*, std::pair<int, int>> good[] = {
        {"30", {30, 1}}, {"29.97", {30000, 1001}}, {"23.976", {24000, 1001}}, {"59.94", {60000, 1001}},
        {"12.5", {25, 2}}, {"30000/1001", {30000, 1001}}, {"50/2", {25, 1}}};
    for (const auto& [text, expected] : good) {
        ASSERT_TRUE(parseFrameRate(text, &rate, &error)) << text << ": " << error;
        EXPECT_EQ(std::make_pair(rate.num, rate.den), expected) << text;
    }
    for (const char* bad : {"0", "-5", "abc", "30/0", "", "30fps", "1.2.3"}) {
        EXPECT_FALSE(parseFrameRate(bad, &rate, &error)) << bad;
    }
}

// --- PNG sequences and resume ---

TEST_F(FrameSinkTest, PngSequenceWritesNumberedFramesAtEitherDepth) {
    OutputSpec spec;
    std::string error;
    ASSERT_TRUE(parseOutputPath(path("new/dir/s_###.png"), &spec, &error)) << error;
    SinkOptions options;
    options.width = 20;
    options.height = 10;
    options.pngBits = 16;
    auto sink = openFrameSink(spec, options, &error);
    ASSERT_TRUE(sink) << error;
    EXPECT_EQ(sink->bitDepth(), 16);
    ASSERT_TRUE(sink->write(7, testFrame(20, 10, 7), &error)) << error;
    EXPECT_FALSE(sink->write(8, testFrame(22, 10, 8), &error));
    ASSERT_TRUE(sink->finish(&error)) << error;
    ImageRGBA16 back;
    ASSERT_TRUE(readPng16(path("new/dir/s_007.png"), &back, &error)) << error;
    EXPECT_TRUE(back.pixels == widenTo16(testFrame(20, 10, 7)).pixels);
    EXPECT_EQ(completeFrames(spec, 0, 9, 20, 10, 16), std::vector<int>{7});
    EXPECT_TRUE(completeFrames(spec, 0, 9, 20, 10, 8).empty()); // wrong depth for an 8-bit render
}

TEST_F(FrameSinkTest, ResumeSkipsOnlyCompleteFrames) {
    OutputSpec spec;
    std::string error;
    ASSERT_TRUE(parseOutputPath(path("shot.png"), &spec, &error)) << error;
    SinkOptions options;
    options.width = 20;
    options.height = 10;
    auto sink = openFrameSink(spec, options, &error);
    ASSERT_TRUE(sink) << error;
    for (int frame = 3; frame <= 8; ++frame) {
        ASSERT_TRUE(sink->write(frame, testFrame(20, 10, frame), &error)) << error;
    }
    ASSERT_TRUE(sink->finish(&error)) << error;
    EXPECT_EQ(completeFrames(spec, 0, 9, 20, 10, 8), (std::vector<int>{3, 4, 5, 6, 7, 8}));

    fs::resize_file(framePath(spec, 5), fs::file_size(framePath(spec, 5)) - 10); // truncated
    ASSERT_TRUE(writePng(framePath(spec, 6), testFrame(22, 10, 6), &error)) << error; // wrong size
    {
        std::fstream file(framePath(spec, 7), std::ios::in | std::ios::out | std::ios::binary);
        file.seekp(60);
        file.put('\x5a'); // one byte flipped inside the data
    }
    fs::resize_file(framePath(spec, 8), 0); // what a power loss may leave
    EXPECT_EQ(completeFrames(spec, 0, 9, 20, 10, 8), (std::vector<int>{3, 4}));
    EXPECT_EQ(completeFrames(spec, 4, 4, 20, 10, 8), (std::vector<int>{4}));
}

// --- Video ---

nlohmann::json probe(const std::string& file) {
    const std::string text = capture(
        "ffprobe -v error -count_frames -select_streams v:0 -show_entries "
        "stream=nb_read_frames,codec_name,codec_tag_string,width,height,r_frame_rate,color_space "
        "-show_entries format=duration -of json '" + file + "'");
    return nlohmann::json::parse(text, nullptr, false);
}

std::string encode(const std::string& file, int frames, SinkOptions options) {
    OutputSpec spec;
    std::string error;
    if (!parseOutputPath(file, &spec, &error)) return error;
    auto sink = openFrameSink(spec, options, &error);
    if (!sink) return error;
    for (int frame = 0; frame < frames; ++frame)
        if (!sink->write(frame, testFrame(options.width, options.height, frame), &error)) return error;
    return sink->finish(&error) ? "" : error;
}

SinkOptions videoOptions(int width = 160, int height = 90) {
    SinkOptions options;
    options.width = width;
    options.height = height;
    options.preset = "ultrafast";
    return options;
}

TEST_F(FrameSinkTest, H264Mp4HasEveryFrame) {
    ASSERT_EQ(encode(path("film.mp4"), 45, videoOptions()), "");
    const nlohmann::json info = probe(path("film.mp4"));
    ASSERT_TRUE(info.contains("streams")) << info.dump();
    const auto& stream = info["streams"][0];
    EXPECT_EQ(stream["codec_name"], "h264");
    EXPECT_EQ(stream["nb_read_frames"], "45");
    EXPECT_EQ(stream["width"], 160);
    EXPECT_EQ(stream["height"], 90);
    EXPECT_EQ(stream["color_space"], "bt709");
    EXPECT_NEAR(std::stod(info["format"]["duration"].get<std::string>()), 1.5, 1e-3);
    EXPECT_EQ(entries(), std::vector<std::string>{"film.mp4"}); // the temporary is gone
}

TEST_F(FrameSinkTest, H265FromTheNameAndNtscRate) {
    SinkOptions options = videoOptions();
    std::string error;
    ASSERT_TRUE(parseFrameRate("29.97", &options.fps, &error)) << error;
    ASSERT_EQ(encode(path("film.h265.mp4"), 30, options), "");
    const nlohmann::json info = probe(path("film.h265.mp4"));
    ASSERT_TRUE(info.contains("streams")) << info.dump();
    EXPECT_EQ(info["streams"][0]["codec_name"], "hevc");
    EXPECT_EQ(info["streams"][0]["codec_tag_string"], "hvc1");
    EXPECT_EQ(info["streams"][0]["nb_read_frames"], "30");
    EXPECT_EQ(info["streams"][0]["r_frame_rate"], "30000/1001");
    EXPECT_NEAR(std::stod(info["format"]["duration"].get<std::string>()), 1.001, 1e-3);
}

TEST_F(FrameSinkTest, CodecOptionOverridesTheName) {
    SinkOptions options = videoOptions(64, 36);
    options.codec = VideoCodec::H265;
    ASSERT_EQ(encode(path("film.mkv"), 5, options), "");
    const nlohmann::json info = probe(path("film.mkv"));
    ASSERT_TRUE(info.contains("streams")) << info.dump();
    EXPECT_EQ(info["streams"][0]["codec_name"], "hevc");
    EXPECT_EQ(info["streams"][0]["nb_read_frames"], "5");
}

TEST_F(FrameSinkTest, SameFramesGiveTheSameVideoBytes) {
    ASSERT_EQ(encode(path("a.mp4"), 10, videoOptions()), "");
    ASSERT_EQ(encode(path("b.mp4"), 10, videoOptions()), "");
    std::vector<uint8_t> a, b;
    std::string error;
    ASSERT_TRUE(readFile(path("a.mp4"), &a, &error)) << error;
    ASSERT_TRUE(readFile(path("b.mp4"), &b, &error)) << error;
    EXPECT_TRUE(a == b);
}

TEST_F(FrameSinkTest, DroppedVideoSinkLeavesNothing) {
    OutputSpec spec;
    std::string error;
    ASSERT_TRUE(parseOutputPath(path("film.mp4"), &spec, &error)) << error;
    {
        auto sink = openFrameSink(spec, videoOptions(), &error);
        ASSERT_TRUE(sink) << error;
        for (int frame = 0; frame < 3; ++frame) {
            ASSERT_TRUE(sink->write(frame, testFrame(160, 90, frame), &error)) << error;
        }
        EXPECT_EQ(entries().size(), 1u); // ffmpeg's temporary, never the final name
        EXPECT_FALSE(fs::exists(path("film.mp4")));
    }
    EXPECT_TRUE(entries().empty());
}

// A render killed mid-write leaves temporaries ("f_003.png.tmp.<pid>.<n>"); the next render into
// the same place removes those of dead processes, and leaves other files alone.
TEST_F(FrameSinkTest, ARenderRemovesTheTemporariesOfAKilledOne) {
    const pid_t dead = ::fork(); // a pid that ran and ended
    if (dead == 0)
        ::_exit(0);
    ::waitpid(dead, nullptr, 0);
    const std::string tag = ".tmp." + std::to_string(dead) + ".0";
    fs::create_directories(path("frames"));
    for (const std::string& name : {"frames/f_003.png" + tag, std::string("frames/notes.txt"), "film.mp4" + tag, "other.mp4" + tag})
        std::ofstream(path(name)) << "half a file";
    OutputSpec frames, film;
    std::string error;
    ASSERT_TRUE(parseOutputPath(path("frames/f_###.png"), &frames, &error)) << error;
    ASSERT_TRUE(parseOutputPath(path("film.mp4"), &film, &error)) << error;
    SinkOptions options;
    options.width = 20;
    options.height = 10;
    ASSERT_TRUE(openFrameSink(frames, options, &error)) << error;
    EXPECT_FALSE(fs::exists(path("frames/f_003.png" + tag)));
    EXPECT_TRUE(fs::exists(path("frames/notes.txt")));
    auto sink = openFrameSink(film, videoOptions(), &error);
    ASSERT_TRUE(sink) << error;
    EXPECT_FALSE(fs::exists(path("film.mp4" + tag)));
    EXPECT_TRUE(fs::exists(path("other.mp4" + tag))) << "another video's: not this render's to remove";
}

TEST_F(FrameSinkTest, FailingFfmpegGivesItsReasonOnOneLine) {
    SinkOptions options = videoOptions();
    options.preset = "no-such-preset";
    // ffmpeg exits at the first frame; the frames after it hit a closed pipe, which must be an
    // error here, not a SIGPIPE that kills the test.
    const std::string error = encode(path("film.mp4"), 45, options);
    EXPECT_NE(error.find("ffmpeg"), std::string::npos) << error;
    EXPECT_NE(error.find("preset"), std::string::npos) << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << error;
    EXPECT_TRUE(entries().empty());
}

TEST_F(FrameSinkTest, VideoOptionsAreCheckedBeforeEncoding) {
    EXPECT_NE(encode(path("f.mp4"), 1, videoOptions(161, 90)).find("even"), std::string::npos);
    SinkOptions options = videoOptions();
    options.crf = 60;
    EXPECT_NE(encode(path("f.mp4"), 1, options).find("crf"), std::string::npos);
    std::ofstream(path("file")) << "x";
    const std::string error = encode(path("file/f.mp4"), 1, videoOptions()); // a file, not a directory
    EXPECT_NE(error.find(path("file")), std::string::npos) << error;
    EXPECT_EQ(entries(), std::vector<std::string>{"file"});
}

TEST_F(FrameSinkTest, FramesOutOfOrderAreAnError) {
    OutputSpec spec;
    std::string error;
    ASSERT_TRUE(parseOutputPath(path("film.mp4"), &spec, &error)) << error;
    auto sink = openFrameSink(spec, videoOptions(), &error);
    ASSERT_TRUE(sink) << error;
    ASSERT_TRUE(sink->write(10, testFrame(160, 90, 0), &error)) << error;
    EXPECT_FALSE(sink->write(12, testFrame(160, 90, 1), &error));
    EXPECT_NE(error.find("in order"), std::string::npos) << error;
}

TEST_F(FrameSinkTest, MissingFfmpegIsOneClearLine) {
    const char* old = std::getenv("PATH");
    const std::string saved = old ? old : "";
    fs::create_directory(path("empty"));
    ::setenv("PATH", path("empty").c_str(), 1);
    const std::string error = encode(path("film.mp4"), 1, videoOptions());
    ::setenv("PATH", saved.c_str(), 1);
    EXPECT_NE(error.find("ffmpeg not found"), std::string::npos) << error;
    EXPECT_EQ(entries(), std::vector<std::string>{"empty"});
}

// --- Progress ---

TEST(Progress, LineFormat) {
    ProgressNumbers n;
    n.done = 120;
    n.total = 480;
    n.fps = 12.34;
    n.secondsLeft = 29.2;
    EXPECT_EQ(formatProgress(n), "[#####---------------]  120/480 frames  12.3 fps  0:29 left");
    n.done = 5;
    n.fps = 0.25;
    n.secondsLeft = 3 * 3600 + 62;
    EXPECT_EQ(formatProgress(n), "[--------------------]    5/480 frames  0.25 fps  3:01:02 left");
    n.done = 480;
    n.secondsElapsed = 95;
    EXPECT_EQ(formatProgress(n, true), "[####################]  480/480 frames  0.25 fps  done in 1:35");
    EXPECT_EQ(formatProgress(ProgressNumbers{0, 10, 0, -1, 0}), "[--------------------]   0/10 frames  --.- fps  --:-- left");
}

TEST(Progress, RateIsTheRecentMedianAndIgnoresOneSlowFrame) {
    double now = 100;
    std::vector<std::string> lines;
    ProgressMeter meter(480, false, [&](const std::string& text) { lines.push_back(text); }, [&] { return now; });
    EXPECT_TRUE(lines.empty()); // nothing until there is something to say
    for (int frame = 0; frame < 120; ++frame) {
        now += frame == 115 ? 5.0 : 0.1; // a recent frame stalled on a tile load
        meter.frameDone();
    }
    const ProgressNumbers n = meter.numbers();
    EXPECT_EQ(n.done, 120);
    EXPECT_NEAR(n.fps, 10.0, 1e-6);
    EXPECT_NEAR(n.secondsLeft, 36.0, 1e-6);
    // 16.9 s of frames: a line every 5 s, never one per frame
    EXPECT_EQ(lines.size(), 3u);
    meter.finish();
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines.back(), "[#####---------------]  120/480 frames  10.0 fps  0:36 left\n");
}

TEST(Progress, TerminalRedrawsInPlaceAtMostTenTimesASecond) {
    double now = 0;
    std::vector<std::string> writes;
    ProgressMeter meter(100, true, [&](const std::string& text) { writes.push_back(text); }, [&] { return now; });
    meter.skipped(50); // resumed: half was already on disk
    for (int frame = 0; frame < 50; ++frame) {
        now += 0.02;
        meter.frameDone();
    }
    meter.finish();
    // the first draw, one per 0.1 s over 1 s, the final line and its newline
    EXPECT_GE(writes.size(), 10u);
    EXPECT_LE(writes.size(), 14u);
    for (size_t i = 0; i + 1 < writes.size(); ++i) {
        EXPECT_EQ(writes[i][0], '\r');
    }
    EXPECT_NE(writes[writes.size() - 2].find("100/100 frames  50.0 fps  done in 0:01"), std::string::npos)
        << writes[writes.size() - 2];
    EXPECT_EQ(writes.back(), "\n");
}

} // namespace
} // namespace kresy
