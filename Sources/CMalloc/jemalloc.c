// kiosque's malloc is jemalloc (Debian libjemalloc-dev, linked statically): a build renders
// its pages on every core, each allocating many short-lived strings, and glibc's malloc took a
// fifth of the user time. jemalloc reads its options from this symbol. kiosque runs are short
// batch processes: freed pages are kept for reuse instead of being handed back to the kernel
// as they age (which cost a tenth of a feed parse in page faults and zeroing); every page
// returns when the process exits.
const char *malloc_conf = "dirty_decay_ms:-1,muzzy_decay_ms:-1";
