// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Kiosque",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kiosque", targets: ["kiosque"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // The preview's HTTP server: no dependencies of its own (Hummingbird would bring swift-nio's
        // minutes of cold build to every CI run and new user).
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        // C libraries from Debian, each behind a shim header.
        .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Resized copies of images (the build's media pass).
        .systemLibrary(name: "CVips", pkgConfig: "vips", providers: [.apt(["libvips-dev"])]),
        // The members' list: SQLite from Debian (GRDB.swift would add a minute of cold build to every
        // CI run and new user for a dozen statements), and libcrypto's HMAC-SHA256 for signed links
        // (swift-crypto would add one to one and a half).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CStemmer", providers: [.apt(["libstemmer-dev"])]),
        // renameat2(RENAME_EXCHANGE) and ext4's top-of-hierarchy mark (an ioctl): file-system
        // calls Glibc's Swift overlay does not expose.
        .target(name: "CFileSwap"),
        // Debian's jemalloc, linked statically as the executable's malloc, with its options.
        .target(name: "CMalloc", linkerSettings: [.linkedLibrary("jemalloc_pic")]),

        // Config, sectors, French dates, slugs, diagnostics: no I/O beyond reading the config.
        .target(name: "KiosqueCore", dependencies: [
            .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
        ]),
        // CommonMark to HTML on libcmark.
        .target(name: "Markdown", dependencies: ["CCmark", "KiosqueCore"]),
        // content/ on disk -> Article values (front matter + rendered body).
        .target(name: "Content", dependencies: ["KiosqueCore", "Markdown", .product(name: "Yams", package: "Yams")]),
        // The templates and assets built into the binary (the repo's templates/ folder).
        .target(name: "DefaultTemplates", resources: [.embedInCode("Files")]),
        // Feeds (RSS, Atom, JSON Feed) -> FeedDocument; untrusted HTML -> sanitized HTML and Markdown.
        // HTML through libxml2: documents, the sanitizer, fragments, HTML -> Markdown.
        .target(name: "HTML", dependencies: ["CLibXML2", "KiosqueCore"]),
        .target(name: "Feeds", dependencies: ["CLibXML2", "KiosqueCore", "HTML"]),
        // Feeds over HTTP (libcurl) and from disk -> editor-owned Markdown files, with the fetch state.
        .target(name: "Fetch", dependencies: [
            "Feeds", "HTML", "KiosqueCore", "Content", "CCurl", .product(name: "Logging", package: "swift-log"),
        ]),
        // The search index: French analysis (Snowball's stemmer), postings, the files search.js reads.
        .target(name: "Search", dependencies: ["KiosqueCore", "Content", "CStemmer"]),
        // Site model -> pages -> public/.
        .target(name: "Site", dependencies: [
            "KiosqueCore", "Content", "Markdown", "HTML", "DefaultTemplates", "CFileSwap", "CVips", "Search",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // Email messages as bytes: addresses, quoted-printable, RFC 2047 headers, multipart.
        .target(name: "MIME"),
        // The daily newsletter: selection, email HTML (inlined CSS), checks, text, .eml.
        .target(name: "Digest", dependencies: [
            "KiosqueCore", "Content", "Site", "HTML", "MIME",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // `kiosque serve`: the preview build, watched with inotify, served over HTTP with reload.
        .target(name: "Preview", dependencies: [
            "KiosqueCore", "Site", .product(name: "FlyingFox", package: "FlyingFox"),
        ]),
        // SMTP through libcurl, the recipients file and the send log.
        .target(name: "Mail", dependencies: ["CCurl", "MIME", "KiosqueCore"]),
        // The newsletter's members: the SQLite store, subscribe / confirm / unsubscribe, signed
        // links, rate limits, the confirmation mails and their queue, import and export.
        .target(name: "Members", dependencies: [
            "CSQLite", "CCrypto", "KiosqueCore", "Site", "MIME", "Mail",
            .product(name: "Mustache", package: "swift-mustache"),
        ]),
        // `kiosque members serve`: HTTP/1.1 on FlyingFox's sockets and epoll pool (FlyingSocks) over `Members`.
        .target(name: "MembersServer", dependencies: [
            "Members", "KiosqueCore", "MIME", "Mail", "Site", .product(name: "FlyingSocks", package: "FlyingFox"),
        ]),
        .executableTarget(name: "kiosque", dependencies: [
            "KiosqueCore", "Content", "Site", "Feeds", "HTML", "Fetch", "Digest", "Mail", "MIME",
            "Preview", "Members", "MembersServer", "CMalloc", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "KiosqueTests", dependencies: [
            "KiosqueCore", "Markdown", "Content", "Site", "Feeds", "HTML", "Fetch", "CLibXML2", "DefaultTemplates", "Digest",
            "MIME", "Mail", "Preview", "Members", "MembersServer", "Search", "kiosque",
        ], exclude: ["Fixtures", "Support/feed_server.py", "Support/search_client.mjs"]),
    ],
    swiftLanguageModes: [.v6]
)
