#include "image.h"

#include "files.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

namespace kresy {

static void appendBytes(void* context, void* data, int size) {
    auto* out = static_cast<std::vector<uint8_t>*>(context);
    out->insert(out->end(), static_cast<uint8_t*>(data), static_cast<uint8_t*>(data) + size);
}

bool writePng(const std::string& path, const ImageRGBA8& image, std::string* error) {
    std::vector<uint8_t> encoded;
    if (!stbi_write_png_to_func(appendBytes, &encoded, image.width, image.height, 4, image.pixels.data(),
                                image.width * 4)) {
        *error = path + ": PNG encoding failed";
        return false;
    }
    return writeFileAtomic(path, encoded, error);
}

bool readPng(const std::string& path, ImageRGBA8* image, std::string* error) {
    std::vector<uint8_t> bytes;
    if (!readFile(path, &bytes, error))
        return false;
    int w = 0, h = 0, channels = 0;
    stbi_uc* data = stbi_load_from_memory(bytes.data(), int(bytes.size()), &w, &h, &channels, 4);
    if (!data) {
        *error = path + ": not a readable PNG (" + stbi_failure_reason() + ")";
        return false;
    }
    image->width = w;
    image->height = h;
    image->pixels.assign(data, data + size_t(w) * h * 4);
    stbi_image_free(data);
    return true;
}

} // namespace kresy
