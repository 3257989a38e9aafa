// stb_image, instrumented for the PNG fuzz target (CMakeLists.txt says why).
#define STB_IMAGE_IMPLEMENTATION
#include <stb_image.h>
