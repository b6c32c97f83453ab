// libxml2 is built with ICU on Debian; its ICU headers clash with Foundation's private
// ICU module. Dropping the ICU part of the encoding handler avoids the clash (never copy
// or allocate xmlCharEncodingHandler from Swift).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <libxml/xmlsave.h>
#include <libxml/uri.h>

// Swift 6 rejects the global function pointer xmlFree as shared mutable state.
static inline void kiosque_xmlFree(void *p) { xmlFree(p); }
