# Kiosque: the two commands of README.md, plus the benchmark.
#   make run    install what is missing, build in release, fetch the sample feeds, build the demo site into public/
#   make test   the test suite, then the feed conformance targets (make conformance)
#   make torture  the kill tests only, with hundreds of kill points each (KIOSQUE_KILL_POINTS)
#   make bench  kiosque vs Hugo on a generated corpus (../shared/bench/), rebuilds, feeds, newsletter
#   make bench-feeds   feed parsing vs feedparser and bare libxml2, and 200 feeds over a 100 ms server
#   make bench-digest  a 200-article newsletter, and sending it to 1,000 recipients
#   make conformance   kiosque's feed parser against feedparser, gofeed, feed-rs and rss-parser (../shared/conformance/)
#   make bench-search  the search index vs Pagefind on 10,000 and 50,000 articles (a venv for Pagefind in /tmp)
#   make bench-members  200 clients subscribing for 10 s, and a send to 10,000 members

SWIFT        ?= swift
APT_PACKAGES := libcmark-dev libxml2-dev libcurl4-openssl-dev libjemalloc-dev libsqlite3-dev libssl-dev libvips-dev libstemmer-dev python3 python3-aiosmtpd python3-venv nodejs
PREVIEW_PORT ?= 8000
BIN          := .build/release/kiosque
BENCH        ?= ../shared/bench

export PATH := $(PATH):/opt/swift/usr/bin

.PHONY: run test torture bench bench-feeds bench-digest bench-members bench-search conformance deps release serve clean

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo=sudo; fi; \
	  $$sudo apt-get update -q && $$sudo apt-get install -y -q $$missing; \
	fi

release: deps
	$(SWIFT) build -c release --product kiosque

run: release
	$(BIN) fetch
	$(BIN) digest --latest
	$(BIN) build
	@echo
	@echo "The demo site is in $(CURDIR)/public/ (its links are its site.base_url's, ready to deploy)."
	@echo "Preview it: make serve   then open http://127.0.0.1:$(PREVIEW_PORT)/ (drafts shown, reloaded on every save)"
	@echo "The newsletter of its latest day is in $(CURDIR)/digests/ (.html, .txt, .eml):"
	@echo "  open file://$(CURDIR)/digests/$$(ls digests | grep -E '^[0-9-]+\.html$$' | sort | tail -1)"
	@echo "  or, once served, http://127.0.0.1:$(PREVIEW_PORT)/digests/"

# The live preview (kiosque serve): .kiosque/preview/, never public/.
serve: release
	$(BIN) serve --port $(PREVIEW_PORT)

# The suite, then the conformance harness: below its targets, `make test` (and CI) fails.
test: deps
	$(SWIFT) test
	$(MAKE) conformance

# SIGKILL at random (seeded) instants: build, fetch, send. KIOSQUE_KILL_SEED replays a run.
torture: deps
	KIOSQUE_KILL_POINTS=$${KIOSQUE_KILL_POINTS:-300} $(SWIFT) test --filter KillTests

# Full builds against Hugo (kiosque with --clean: no build cache, like Hugo's fresh cacheDir),
# the rebuild cases at 50,000 articles, then feed parsing against feedparser and libxml2.
bench: release
	KIOSQUE_ARGS=--clean $(BENCH)/vs-hugo.sh 10000 $(BIN)
	KIOSQUE_ARGS=--clean $(BENCH)/vs-hugo.sh 50000 $(BIN)
	SHARED=$(BENCH) bench/rebuild.sh 50000 $(BIN)
	bench/feeds.sh $(BIN)
	$(MAKE) bench-digest

bench-feeds: release
	bench/feeds.sh $(BIN)

bench-digest: release
	bench/digest.sh $(BIN) $(BENCH)

# `kiosque feed inspect --json` on every feed of the corpus, against feedparser (pip, in
# .build-conformance/venv), the fixtures' Expect: lines and the other projects' expected
# outputs; exits 1 below the targets (README.md, "Feed conformance").
CONFORMANCE ?= ../shared/conformance
conformance: release
	python3 bench/conformance/run.py --kiosque $(BIN) --corpus $(CONFORMANCE)

bench-members: release
	bench/members.sh $(BIN)

bench-search: release
	SHARED=$(BENCH) bench/search.sh 10000 $(BIN)
	SHARED=$(BENCH) bench/search.sh 50000 $(BIN)
	if command -v perf >/dev/null; then bench/search_share.sh 50000 $(BIN); fi

clean:
	rm -rf .build public digests
