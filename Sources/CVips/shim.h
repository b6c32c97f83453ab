// libvips's operations take their options as NULL-terminated varargs, which Swift cannot
// call: one fixed wrapper per use Kiosque makes of them.
#include <vips/vips.h>

/// libvips's warnings (one per bad row of a broken file) are not for the terminal: a failure
/// is reported once, by the caller.
static inline void kiosque_vips_quiet(const gchar *domain, GLogLevelFlags level, const gchar *message, gpointer data) {}

/// Once per process: untrusted loaders blocked (the build only hands over bytes it sniffed as
/// JPEG, PNG, GIF or WebP), no operation cache (each image is seen once), one thread per
/// image (the build runs images side by side itself).
static inline int kiosque_vips_start(void) {
    if (VIPS_INIT("kiosque")) return -1;
    g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING, kiosque_vips_quiet, NULL);
    vips_block_untrusted_set(TRUE);
    vips_cache_set_max(0);
    vips_concurrency_set(1);
    return 0;
}

/// The header of an image in memory (pixels are decoded later, on demand); NULL if unreadable.
static inline VipsImage *kiosque_vips_header(const void *buf, size_t len) {
    return vips_image_new_from_buffer(buf, len, "", "access", VIPS_ACCESS_SEQUENTIAL, NULL);
}

/// Shrunk to `width` (never enlarged), upright, in sRGB, decoded into memory; a truncated
/// file fails rather than showing grey (the loader's own `fail_on`: thumbnail's is not passed on).
static inline VipsImage *kiosque_vips_shrink_buffer(const void *buf, size_t len, int width) {
    VipsImage *out = NULL, *memory = NULL;
    if (vips_thumbnail_buffer((void *)buf, len, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN,
                              "option_string", "fail_on=truncated", NULL)) return NULL;
    memory = vips_image_copy_memory(out);
    g_object_unref(out);
    return memory;
}

static inline VipsImage *kiosque_vips_shrink_image(VipsImage *in, int width) {
    VipsImage *out = NULL;
    if (vips_thumbnail_image(in, &out, width, "height", VIPS_MAX_COORD, "size", VIPS_SIZE_DOWN, NULL)) return NULL;
    return out;
}

/// WebP or JPEG bytes (metadata stripped; JPEG progressive, transparency on white). Free `*buf`
/// with g_free.
static inline int kiosque_vips_save(VipsImage *in, int webp, int quality, void **buf, size_t *len) {
    if (webp) return vips_webpsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, NULL);
    VipsImage *flat = NULL;
    if (vips_image_hasalpha(in)) {
        VipsArrayDouble *white = vips_array_double_newv(3, 255.0, 255.0, 255.0);
        int failed = vips_flatten(in, &flat, "background", white, NULL);
        vips_area_unref(VIPS_AREA(white));
        if (failed) return -1;
        in = flat;
    }
    int failed = vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "interlace", TRUE,
                                      "optimize_coding", TRUE, NULL);
    if (flat) g_object_unref(flat);
    return failed;
}
