# Makefile — builds the unlimited-cluster Webmin module, its tests, package
# and a standalone server. Targets: all test check run wbm install bench
# fuzz format clean (see README.md).

MODULE  := unlimited-cluster
CC      ?= cc
PORT    ?= 10000
DEMO    ?=
SANITIZE ?=
# build/ for normal builds, build/san for sanitizer builds: both can coexist.
B       := build$(if $(SANITIZE),/san,)
STAGE   := $(B)/stage/$(MODULE)

PKGS    := jansson sqlite3 zlib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lsqlite3)
# Programs that ship link SQLite and jansson statically: a CGI then starts
# without resolving ~2,000 shared-library symbols (21% of the dashboard's
# instructions, measured with callgrind) and the .wbm needs neither library
# on the Webmin server.
STATIC_LIBS := -Wl,-Bstatic -ljansson -lsqlite3 -lz -Wl,-Bdynamic -lm

WARN    := -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wno-format-nonliteral -Werror
HARDEN  := -fstack-protector-strong -fPIE
SAN     := -fsanitize=address,undefined
SAN_OPT := -O1 -g -fno-omit-frame-pointer $(SAN) -fno-sanitize-recover=all
OPT     := $(if $(SANITIZE),$(SAN_OPT),-O2 -g -D_FORTIFY_SOURCE=2)
CFLAGS  ?=
CFLAGS  += -std=c11 -D_DEFAULT_SOURCE -DUC_HAVE_ZLIB $(WARN) $(HARDEN) $(OPT) \
           -Icgi-src/lib $(PKG_CFLAGS)
LDFLAGS += -pie -Wl,-z,relro,-z,now $(if $(SANITIZE),$(SAN))

LIB_SRC := $(wildcard cgi-src/lib/*.c)
LIB_OBJ := $(LIB_SRC:cgi-src/lib/%.c=$(B)/lib/%.o)
LIB     := $(B)/lib/libcluster.a
CGI_SRC := $(wildcard cgi-src/cgi/*.c)
CGI_NAMES := $(CGI_SRC:cgi-src/cgi/%.c=%)
CGI_OBJ := $(CGI_SRC:cgi-src/cgi/%.c=$(B)/cgi/%.o)
CGIS    := $(CGI_SRC:cgi-src/cgi/%.c=$(B)/cgi/%.cgi)
# clusterctl lives in the same multi-call binary (cgi-src/cli), started by
# the names below.
CLI_SRC := $(wildcard cgi-src/cli/*.c)
CLI_OBJ := $(CLI_SRC:cgi-src/cli/%.c=$(B)/cli/%.o)
CLI_NAMES := clusterctl cluster-export cluster-import cluster-backup \
             cluster-restore cluster-diagnose
CLIS    := $(CLI_NAMES:%=$(B)/cgi/%)
MULTI   := $(B)/cgi/uc.bin
# uc.bin, the pages, is linked -static-pie: a request then starts without
# the dynamic loader (16% of a JSON API page, measured). uc-dyn.bin is the
# same code linked dynamically: clusterctl, and the requests that may need
# libcurl, which uc.bin hands to it (multicall.c). STATIC_PAGES=0 links
# uc.bin dynamically too (sanitizers and valgrind need that).
TWIN    := $(B)/cgi/uc-dyn.bin
STATIC_PAGES ?= $(if $(SANITIZE),0,1)
ifeq ($(STATIC_PAGES),1)
PAGES_DEF  := -DUC_STATIC_PAGES
PAGES_OBJ  := $(CGI_OBJ) $(B)/cgi/nodl.o
PAGES_LINK := -static-pie -Wl,-z,relro,-z,now,--wrap=dlopen \
              -ljansson -lsqlite3 -lz -lm
else
PAGES_DEF  :=
PAGES_OBJ  := $(CGI_OBJ) $(CLI_OBJ)
PAGES_LINK := $(LDFLAGS) $(STATIC_LIBS)
endif
# The monitoring daemon is its own program: it links libcurl, the pages do
# not (a CGI would pay for resolving libcurl's symbols on every request).
DAEMON_SRC := $(wildcard cgi-src/daemon/*.c)
DAEMON_OBJ := $(DAEMON_SRC:cgi-src/daemon/%.c=$(B)/daemon/%.o)
DAEMON  := $(if $(DAEMON_SRC),$(B)/daemon/unlimited-clusterd)
CURL_LIBS := $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl)
TOOL_SRC := $(wildcard cgi-src/tools/*.c)
TOOLS   := $(TOOL_SRC:cgi-src/tools/%.c=$(B)/tools/%)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNITS   := $(UNIT_SRC:tests/unit/%.c=$(B)/unit/%)

.PHONY: all test unit cgitest httptest clitest perltest sdktest langtest daemontest fossflowtest browsertest stresstest check run wbm install bench fuzz fuzzcheck \
        valgrindtest hostiletest \
        format format-check clean stage deps
all: $(LIB) $(MULTI) $(TWIN) $(CGIS) $(CLIS) $(DAEMON) $(TOOLS) $(UNITS) stage

$(B)/lib/%.o: cgi-src/lib/%.c $(wildcard cgi-src/lib/*.h) | $(B)/lib
	$(CC) $(CFLAGS) -c -o $@ $<
$(LIB): $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
# Every page is one thin main() in cgi-src/cgi/<page>.c, compiled as
# cgi_main_<page> into one multi-call binary, uc.bin; <page>.cgi are links
# to it (one copy of SQLite per module instead of one per page).
# A page named nph-api.c is cgi_main_nph_api, reached as nph-api.cgi.
$(B)/cgi/%.o: cgi-src/cgi/%.c $(wildcard cgi-src/lib/*.h) | $(B)/cgi
	$(CC) $(CFLAGS) -Wno-missing-prototypes -Dmain=cgi_main_$(subst -,_,$*) \
	    -c -o $@ $<
$(B)/cli/%.o: cgi-src/cli/%.c $(wildcard cgi-src/lib/*.h cgi-src/cli/*.h) \
        | $(B)/cli
	$(CC) $(CFLAGS) -Icgi-src/cli -c -o $@ $<
$(B)/cgi/cgis.h: $(CGI_SRC) | $(B)/cgi
	printf 'CGI(%s, "%s.cgi")\n' $(foreach n,$(CGI_NAMES),$(subst -,_,$(n)) $(n)) >$@
$(MULTI): cgi-src/multicall.c $(B)/cgi/cgis.h $(PAGES_OBJ) $(LIB)
	$(CC) $(CFLAGS) $(PAGES_DEF) -I$(B)/cgi -Icgi-src/cli -o $@ $< \
	    $(PAGES_OBJ) $(LIB) $(PAGES_LINK)
$(B)/cgi/nodl.o: cgi-src/nodl.c | $(B)/cgi
	$(CC) $(CFLAGS) -c -o $@ $<
$(TWIN): cgi-src/multicall.c $(B)/cgi/cgis.h $(CGI_OBJ) $(CLI_OBJ) $(LIB)
	$(CC) $(CFLAGS) -I$(B)/cgi -Icgi-src/cli -o $@ $< $(CGI_OBJ) $(CLI_OBJ) \
	    $(LIB) $(LDFLAGS) $(STATIC_LIBS)
$(B)/cgi/%.cgi: | $(MULTI)
	ln -sf uc.bin $@
$(CLIS): | $(TWIN)
	ln -sf uc-dyn.bin $@
$(B)/daemon/%.o: cgi-src/daemon/%.c $(wildcard cgi-src/lib/*.h \
        cgi-src/daemon/*.h) | $(B)/daemon
	$(CC) $(CFLAGS) -Icgi-src/daemon -c -o $@ $<
$(B)/daemon/unlimited-clusterd: $(DAEMON_OBJ) $(LIB)
	$(CC) $(CFLAGS) -o $@ $(DAEMON_OBJ) $(LIB) $(LDFLAGS) $(STATIC_LIBS) \
	    $(CURL_LIBS)
$(B)/tools/%: cgi-src/tools/%.c $(LIB) | $(B)/tools
	$(CC) $(CFLAGS) -o $@ $< $(LIB) $(LDFLAGS) $(STATIC_LIBS)
$(B)/unit/%: tests/unit/%.c $(wildcard tests/unit/*.h) $(LIB) | $(B)/unit
	$(CC) $(CFLAGS) -Wno-missing-prototypes -o $@ $< $(LIB) $(LDFLAGS) \
	    $(PKG_LIBS) -lcmocka
$(B)/lib $(B)/cgi $(B)/cli $(B)/daemon $(B)/tools $(B)/unit:
	mkdir -p $@

# The exact tree that ships: what Webmin serves from the module folder.
stage: $(MULTI) $(TWIN) $(CGIS) $(CLIS) $(DAEMON)
	tools/stage.sh $(STAGE) $(B)/cgi $(DAEMON)

# Every entry point a person types first checks the machine (quiet and
# ~0.3 s when everything is there; installs with apt-get as root).
unit: deps $(UNITS)
	@set -e; for t in $(UNITS); do echo "== $$t"; $$t; done
cgitest: deps all
	tests/cgi/run.sh $(STAGE)
httptest: deps all
	tests/http/run.sh $(STAGE)
clitest: deps all
	tests/cli/run.sh $(STAGE)
perltest: deps all
	tests/perl/run.sh $(STAGE)
sdktest: deps all
	tests/sdk/run.sh $(STAGE)
langtest: deps all
	tests/lang/run.sh $(STAGE)
daemontest: deps all
	tests/daemon/run.sh $(STAGE)
fossflowtest: deps all
	tests/fossflow/run.sh $(STAGE)
browsertest: deps all
	tests/browser/run.sh $(STAGE)
hostiletest: deps all
	tests/hostile/run.sh $(STAGE)
# Robustness (docs/robustness.md); a sanitizer build runs a fifth of the
# crash test's writes (its CGIs are several times slower).
stresstest: deps all
	STRESS_WRITES=$(if $(SANITIZE),2000,10000) tests/stress/run.sh $(STAGE)
test: deps unit langtest cgitest httptest clitest perltest sdktest daemontest \
        fossflowtest browsertest stresstest hostiletest
	@echo "make test: all suites passed"
check:
	$(MAKE) SANITIZE=1 test
	$(MAKE) fuzzcheck
# The CGI suite once under valgrind, on an unsanitized -O1 -g build.
VG_B    := build/fuzz-vg
# The test files run in two halves at once, alternate files in each (each
# CGI costs ~2 s under valgrind; two cores halve the wait).
VG_TESTS = $(notdir $(sort $(wildcard tests/cgi/t*.sh)))
VG_HALF1 = $(shell printf '%s\n' $(VG_TESTS) | awk 'NR % 2 == 1')
VG_HALF2 = $(shell printf '%s\n' $(VG_TESTS) | awk 'NR % 2 == 0')
valgrindtest: deps
	$(MAKE) B=$(VG_B) OPT='-O1 -g' STATIC_PAGES=0 stage $(VG_B)/tools/hist_fill $(VG_B)/tools/store_sql
	VALGRIND=1 CGI_TESTS="$(VG_HALF1)" tests/cgi/run.sh $(VG_B)/stage/$(MODULE) \
	    > $(VG_B)/valgrind-1.log 2>&1 & pid=$$!; \
	VALGRIND=1 CGI_TESTS="$(VG_HALF2)" tests/cgi/run.sh $(VG_B)/stage/$(MODULE) \
	    > $(VG_B)/valgrind-2.log 2>&1; rc2=$$?; wait $$pid; rc1=$$?; \
	cat $(VG_B)/valgrind-1.log $(VG_B)/valgrind-2.log; \
	[ $$rc1 = 0 ] && [ $$rc2 = 0 ]

deps:
	tools/deps.sh
run: deps
	$(MAKE) all
	PORT=$(PORT) DEMO=$(DEMO) tools/run.sh $(STAGE)

wbm: all
	tools/wbm.sh $(STAGE) dist/$(MODULE).wbm.gz
install: wbm
	tools/install.sh dist/$(MODULE).wbm.gz "$(WEBMIN_ROOT)"

bench: all
	bench/dashboard.sh $(STAGE)
	bench/api.sh $(STAGE)
	bench/import.sh $(STAGE)
	bench/diagram.sh $(STAGE)
	bench/alerts.sh $(B)

FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ    := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_SECONDS ?= 20
# libFuzzer targets (clang, ASan+UBSan, any UB aborts): the library is
# compiled once into build/fuzz/lib, each target links it (docs/fuzzing.md).
# Warnings do not stop it: the gcc and clang builds hold the -Werror line.
FUZZ_CFLAGS := -std=c11 -D_DEFAULT_SOURCE -DUC_HAVE_ZLIB \
           $(filter-out -Werror,$(WARN)) -g -O1 -fno-omit-frame-pointer \
           -fno-sanitize-recover=all -Icgi-src/lib \
           $(PKG_CFLAGS)
FUZZ_LIB_OBJ := $(LIB_SRC:cgi-src/lib/%.c=build/fuzz/lib/%.o)
fuzz: $(FUZZ)
fuzzcheck: fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh build/fuzz
build/fuzz/lib/%.o: cgi-src/lib/%.c $(wildcard cgi-src/lib/*.h)
	@mkdir -p build/fuzz/lib
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link,address,undefined \
	    -c -o $@ $<
build/fuzz/libfuzz.a: $(FUZZ_LIB_OBJ)
	rm -f $@ && ar rcs $@ $^
build/fuzz/%: tests/fuzz/%.c build/fuzz/libfuzz.a $(wildcard cgi-src/lib/*.h \
        cgi-src/daemon/*.[ch] tests/fuzz/*.h)
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< \
	    build/fuzz/libfuzz.a $(PKG_LIBS) -lm

format:
	clang-format -i cgi-src/*.c cgi-src/*/*.[ch] tests/unit/*.c
format-check:
	clang-format --dry-run -Werror cgi-src/*.c cgi-src/*/*.[ch] tests/unit/*.c

clean:
	rm -rf build dist
