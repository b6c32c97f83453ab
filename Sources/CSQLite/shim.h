// SQLite's SQLITE_TRANSIENT is a cast of -1 to a function pointer, which Swift cannot import:
// binders that copy their argument.
#include <sqlite3.h>

static inline int kiosque_sqlite3_bind_text(sqlite3_stmt *s, int i, const char *v, int n) {
    return sqlite3_bind_text(s, i, v, n, SQLITE_TRANSIENT);
}
