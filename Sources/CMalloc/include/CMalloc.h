#ifndef KIOSQUE_CMALLOC_H
#define KIOSQUE_CMALLOC_H
/// jemalloc is kiosque's malloc (see jemalloc.c); nothing to call.
#endif
