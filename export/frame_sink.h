#pragma once
// Where the offline render's frames go: a numbered PNG sequence (8- or 16-bit), or a video that
// ffmpeg encodes from raw frames on a pipe. The render driver opens a sink, writes each frame,
// and calls finish(); docs/render-output.md is the user's view of the same rules.

#include "core/image.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace kresy {

enum class VideoCodec { H264, H265 };

// What an --out path asks for.
struct OutputSpec {
    enum class Kind { PngSequence, Video };
    Kind kind = Kind::PngSequence;
    std::string path; // as given

    // PNG sequence: frame n is prefix + n zero-padded to `digits` + suffix.
    std::string prefix, suffix;
    int digits = 5;

    // Video: ffmpeg's muxer ("mp4", "mov", "matroska") and the codec the name asks for.
    std::string container;
    VideoCodec codec = VideoCodec::H264;
};

// `shot_####.png` (the run of # is the frame number), `shot.png` (-> shot_00042.png), `film.mp4`,
// `.mov`, `.mkv` (H.264), `film.h265.mp4` or `film.hevc.mp4` (H.265). Extensions are
// case-insensitive. False and a one-line "<path>: <why>" for anything else.
bool parseOutputPath(const std::string& path, OutputSpec* spec, std::string* error);

// The file of frame `frame` (>= 0) of a PNG sequence. Numbers wider than the run of # widen it.
std::string framePath(const OutputSpec& spec, int frame);

struct FrameRate {
    int num = 30, den = 1;
    double value() const { return double(num) / den; }
};
// "30", "25", "12.5" (-> 25/2), "30000/1001"; the NTSC rates "23.976", "29.97", "59.94" become
// 24000/1001, 30000/1001 and 60000/1001, as editing software expects.
bool parseFrameRate(const std::string& text, FrameRate* rate, std::string* error);

struct SinkOptions {
    int width = 0, height = 0; // of every frame; video needs both even (4:2:0 chroma)
    FrameRate fps;
    int pngBits = 8;                 // 8 or 16, PNG sequences only
    int crf = 18;                    // video quality, 0 (best) to 51; 18 looks lossless in H.264
    std::string preset = "medium";   // x264/x265 speed preset
    std::optional<VideoCodec> codec; // overrides the codec the file name implies
    std::string ffmpeg = "ffmpeg";   // looked up on PATH
};

class FrameSink {
public:
    // Destroying an unfinished sink aborts: a video's temporary file is removed (the final name is
    // never written); the PNG frames already written stay, complete, for a resumed render.
    virtual ~FrameSink() = default;

    // The depth files are written in; the driver resolves frames to it. Either write() takes
    // any frame and converts (a video is always 8-bit).
    virtual int bitDepth() const = 0;

    // Frames of a video must come in order (first any, then +1 each); a PNG sequence takes any
    // order. False and a one-line reason on failure; after a failure the sink only aborts.
    virtual bool write(int frame, const ImageRGBA8& image, std::string* error) = 0;
    virtual bool write(int frame, const ImageRGBA16& image, std::string* error) = 0;

    // Makes the output final and durable: a PNG sequence syncs its file system; a video waits
    // for ffmpeg and renames its temporary file over the output.
    virtual bool finish(std::string* error) = 0;
};

// Checks the options, creates missing parent directories and, for video, starts ffmpeg (which
// a benchmark can use alone to time encoding). Null and a one-line reason on failure, e.g.
// ffmpeg not installed.
std::unique_ptr<FrameSink> openFrameSink(const OutputSpec& spec, const SinkOptions& options, std::string* error);

// The frames of [first, last] whose PNG files are already complete: intact (checkPng) and of
// the given size and depth. A render resumes by skipping them. Empty for video.
std::vector<int> completeFrames(const OutputSpec& spec, int first, int last, int width, int height, int bits);

} // namespace kresy
