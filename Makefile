# libmed and medcalc. GNU make.
#   make            library (shared + static) and the medcalc tool
#   make run        build, then run medcalc on an example with the embedded default table
#   make test       the fast inner loop (well under a minute): unit, data and CLI tests (golden
#                   cases included; not the million-row batch nor the Chromium dashboard) and the
#                   layering check, without sanitizers or valgrind
#   make test-unit T=calc [TEST='*tramadol*']   one unit test program, or its matching tests
#   make test-cli CASE=batch-ndc                 one golden CLI case (or a pattern: CASE='batch-*')
#   make check      every test: unit (cmocka), table/CSV data cases, CLI, golden cases, limits,
#                   nothing-lost, out of memory (tests/cli/nomem.sh), fuzz regressions,
#                   layering, ABI, install + pkg-config; then again under ASan+UBSan, the
#                   threaded tests (all -j N ones too) under TSan, and CLI tests under valgrind
#   make abi-check  the shared library's ABI against tests/abi/libmed.abi; make abi-update
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall mirrors it
#   make asan       the unit, data, CLI tests and fuzz regressions under AddressSanitizer + UBSan
#   make tsan, make valgrind, make fuzz (FUZZ_SECONDS=60): see Reliability in README.md
#   make vectors    regenerate the conformance vectors (tests/vectors) after a table changes

PREFIX      ?= /usr/local
EXEC_PREFIX ?= $(PREFIX)
BINDIR      ?= $(EXEC_PREFIX)/bin
LIBDIR      ?= $(EXEC_PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
MANDIR      ?= $(PREFIX)/share/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
DESTDIR     ?=
INSTALL     ?= install

CC      ?= cc
WERROR  ?= -Werror
# GCC's -Wformat-truncation flags snprintf calls whose truncation we handle; clang has no such
# warning and rejects the option, so it is passed only to a compiler that accepts it.
NO_TRUNCATION := $(shell $(CC) -Werror -Wno-format-truncation -x c -c /dev/null -o /dev/null \
                   2>/dev/null && echo -Wno-format-truncation)
WARNINGS = -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
           -Wfloat-equal -Wvla -Wcast-qual -Wundef $(NO_TRUNCATION) $(WERROR)
CFLAGS  ?= -O2 -g
STD      = -std=c11 -D_POSIX_C_SOURCE=200809L
YAML_CFLAGS := $(shell pkg-config --cflags yaml-0.1 2>/dev/null)
YAML_LIBS   := $(shell pkg-config --libs yaml-0.1 2>/dev/null || echo -lyaml)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null || echo -lcmocka)
ALL_CFLAGS = $(STD) $(WARNINGS) -DMED_EXPERIMENTAL -Iinclude -Ilib -I$(B) $(YAML_CFLAGS) $(CFLAGS) -MMD -MP
# Link-time optimisation, for the release build only: the library's and medcalc's objects and
# the links of libmed.so and medcalc (README.md, Design, says why and what it gains). Only when
# CFLAGS is this file's own: a build that sets CFLAGS (the sanitizer and fuzzing builds, a debug
# build) gets none, nor does a compiler that cannot write fat LTO objects (clang 14 ignores the
# option with a warning, which -Werror makes the probe refuse). Fat: each object keeps its
# ordinary code too, so libmed.a links into a program built without -flto (the tests, the fuzz
# replays, libbench) as before.
LTO_PROBE := $(shell echo 'int main(void) { return 0; }' | \
               $(CC) -Werror -flto=auto -ffat-lto-objects -x c -o /dev/null - 2>/dev/null && \
               echo -flto=auto -ffat-lto-objects)
LTO := $(if $(filter file,$(origin CFLAGS)),$(LTO_PROBE))

VERSION := $(shell sed -n 's/^\#define MED_VERSION_STRING "\(.*\)"/\1/p' include/med.h)
MAJOR   := $(shell sed -n 's/^\#define MED_VERSION_MAJOR \([0-9]*\)/\1/p' include/med.h)

B        = build
LAYERS   = common tables compute ndc claims patients agree fhir
LIB_SRC  = $(sort $(foreach l,$(LAYERS),$(wildcard lib/$(l)/*.c)))
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(B)/lib/%.o) $(B)/lib/embedded_tables.o $(B)/lib/embedded_ndc.o
PIC_OBJ  = $(LIB_OBJ:%.o=%.pic.o)
CLI_SRC  = $(sort $(wildcard cli/*.c))
CLI_OBJ  = $(CLI_SRC:cli/%.c=$(B)/cli/%.o)
TABLES   = $(sort $(wildcard conversion-tables/*.yaml))
NDC_LISTS = $(sort $(wildcard conversion-tables/*.ndc conversion-tables/*.rxnorm))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%) $(B)/tests/test_csv_portable \
           $(B)/tests/test_patient_order_portable

SHLIB    = $(B)/libmed.so.$(VERSION)
SONAME   = libmed.so.$(MAJOR)
STLIB    = $(B)/libmed.a
MEDCALC  = $(B)/medcalc
PCFILE   = $(B)/libmed.pc

.PHONY: all lib deps test-deps bench-deps bench run check unit-tests data-tests cli-tests symbol-test \
        header-test install-test install uninstall clean asan vectors tsan valgrind fuzz fuzz-replay \
        test quick-test-deps quick-cli-tests test-unit test-cli test-cli-update layer-test abi-check \
        abi-update cli-nomem cli-quick-nomem
.DELETE_ON_ERROR:

all: lib $(MEDCALC)
lib: $(SHLIB) $(STLIB) $(PCFILE)

# Installs what a fresh Debian machine lacks (as root, or through sudo).
DEPS_PKGS = gcc make pkg-config libyaml-dev
TEST_PKGS = $(DEPS_PKGS) libcmocka-dev python3 clang libclang-rt-14-dev valgrind time chromium \
            abigail-tools binutils gdb
# make test needs only these (no compilers for sanitizers, valgrind, Chromium or libabigail).
QUICK_TEST_PKGS = $(DEPS_PKGS) libcmocka-dev python3 binutils gdb
deps:
	@sh tests/install-deps.sh $(DEPS_PKGS)
test-deps:
	@sh tests/install-deps.sh $(TEST_PKGS)
quick-test-deps:
	@sh tests/install-deps.sh $(QUICK_TEST_PKGS)

run: deps
	@$(MAKE) --no-print-directory all
	$(MEDCALC) "oxycodone 10 mg q6h" "morphine ER 30 mg bid"

# --- library -----------------------------------------------------------------------------------

# The shipped tables become C byte arrays: the YAML stays the only source of every number.
# Each YAML file's tree is embedded too, read by the library's own reader at build time (see
# tests/tools/embed-tree.c). The tool is built for this machine with plain flags: it runs here.
EMBED_TREE_SRC = tests/tools/embed-tree.c lib/tables/yamldoc.c lib/common/arena.c \
                 lib/common/error.c lib/common/readfile.c
$(B)/tools/embed-tree: $(EMBED_TREE_SRC) $(wildcard lib/tables/yamldoc.h lib/common/*.h) include/med.h
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARNINGS) -Iinclude -Ilib $(YAML_CFLAGS) -O1 -o $@ $(EMBED_TREE_SRC) $(YAML_LIBS)
$(B)/lib/embedded_tables.c: $(TABLES) tests/embed-tables.sh $(B)/tools/embed-tree | $(B)/lib
	sh tests/embed-tables.sh --tree $(B)/tools/embed-tree $(TABLES) > $@+ && mv $@+ $@
# The NDC product lists (generated once by tests/tools/make-ndc-list.py, committed): their own
# object, so that editing a table does not recompile two megabytes of bytes.
$(B)/lib/embedded_ndc.c: $(NDC_LISTS) tests/embed-tables.sh | $(B)/lib
	sh tests/embed-tables.sh --array med_embedded_ndc_lists $(NDC_LISTS) > $@+ && mv $@+ $@

$(B)/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LTO) -c $< -o $@
$(B)/lib/%.o: $(B)/lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) $(LTO) -c $< -o $@
$(B)/lib/%.pic.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LTO) -fPIC -fvisibility=hidden -c $< -o $@
$(B)/lib/%.pic.o: $(B)/lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) $(LTO) -fPIC -fvisibility=hidden -c $< -o $@

$(STLIB): $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(SHLIB): $(PIC_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LTO) $(LDFLAGS) -o $@ $^ $(YAML_LIBS)
	ln -sf libmed.so.$(VERSION) $(B)/$(SONAME)
	ln -sf libmed.so.$(VERSION) $(B)/libmed.so

$(PCFILE): pkgconfig/libmed.pc.in include/med.h | $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' $< > $@+ && mv $@+ $@

# --- tool --------------------------------------------------------------------------------------

$(B)/cli/%.o: cli/%.c | $(B)/cli
	$(CC) $(ALL_CFLAGS) $(LTO) -c $< -o $@

$(MEDCALC): $(CLI_OBJ) $(STLIB)
	$(CC) $(LTO) $(LDFLAGS) -o $@ $(CLI_OBJ) $(STLIB) $(YAML_LIBS) -lpthread

# --- tests -------------------------------------------------------------------------------------

# Every unit test program links tests/unit/filter.c: CMOCKA_FILTER='pattern' in the environment
# runs only the cmocka tests whose names match (see make test-unit).
$(B)/tests/%.o: tests/unit/%.c | $(B)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -c $< -o $@
$(B)/tests/test_%: $(B)/tests/test_%.o $(B)/tests/filter.o $(STLIB)
	$(CC) $(LDFLAGS) -o $@ $< $(B)/tests/filter.o $(STLIB) $(YAML_LIBS) $(CMOCKA_LIBS) -lpthread

# test_csv again, against the CSV split built without SSE2 (lib/common/csv_plain.c has a plain
# 64-bit-word path for machines without it): linked before the archive, that object's symbols
# are the ones used.
$(B)/tests/csv_plain_portable.o: lib/common/csv_plain.c | $(B)/tests
	$(CC) $(ALL_CFLAGS) -U__SSE2__ -c $< -o $@
$(B)/tests/test_csv_portable: $(B)/tests/test_csv.o $(B)/tests/csv_plain_portable.o $(B)/tests/filter.o $(STLIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(YAML_LIBS) $(CMOCKA_LIBS) -lpthread

# test_patient_order the same way: lib/claims/patient_order.c reads its marks through
# lib/common/marks.h, which has the same 64-bit-word path.
$(B)/tests/patient_order_portable.o: lib/claims/patient_order.c | $(B)/tests
	$(CC) $(ALL_CFLAGS) -U__SSE2__ -c $< -o $@
$(B)/tests/test_patient_order_portable: $(B)/tests/test_patient_order.o \
        $(B)/tests/patient_order_portable.o $(B)/tests/filter.o $(STLIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(YAML_LIBS) $(CMOCKA_LIBS) -lpthread

# The allocation-failure test wraps the allocator of the library objects it is linked with.
ALLOC_WRAP = -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=strndup
$(B)/tests/test_alloc: $(B)/tests/test_alloc.o $(B)/tests/filter.o $(STLIB)
	$(CC) $(LDFLAGS) $(ALLOC_WRAP) -o $@ $< $(B)/tests/filter.o $(STLIB) $(YAML_LIBS) $(CMOCKA_LIBS)

# make test: the developer's inner loop, run every few minutes; well under a minute on two
# cores. No sanitizers, valgrind, Chromium (tests/cli/html.sh), million-row batch (CLI_QUICK),
# fuzz replays, install or ABI check: make check runs all of those.
# make test runs its parts side by side, one a core (TEST_JOBS), each part's output printed
# whole when it ends (-Otarget); the longest start first.
TEST_JOBS ?= $(shell getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)
test: quick-test-deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) -Otarget $(QUICK_CLI) unit-tests data-tests \
	    layer-test header-test

check: test-deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(REPLAY_BIN)
	@$(MAKE) --no-print-directory unit-tests data-tests cli-tests cli-nomem fuzz-replay layer-test \
	    symbol-test header-test abi-check install-test
	@$(MAKE) --no-print-directory asan tsan
	@$(MAKE) --no-print-directory valgrind VALGRIND_SCRIPTS="$(VALGRIND_CHECK)"

unit-tests: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

# make test-unit T=calc: build and run build/tests/test_calc alone (T=calc,csv: several; no T:
# all). TEST='*tramadol*' runs only its cmocka tests whose names match (* and ? wildcards).
comma := ,
TEST_UNIT_BIN = $(if $(T),$(foreach t,$(subst $(comma), ,$(T)),$(B)/tests/test_$(t:test_%=%)),$(UNIT_BIN))
test-unit: $(TEST_UNIT_BIN)
	@CMOCKA_FILTER='$(TEST)' sh tests/run-unit.sh $(TEST_UNIT_BIN)

# The lib/ layers (lib/README.md): every #include and every call between objects goes down.
layer-test: $(LIB_OBJ)
	@python3 tests/check-layers.py $(B)

data-tests: $(MEDCALC)
	@sh tests/data/run.sh $(MEDCALC)
	@python3 tests/check-sources.py conversion-tables $(MEDCALC)

cli-tests: $(MEDCALC)
	@sh tests/cli/run.sh $(MEDCALC)
	@sh tests/cli/api.sh $(MEDCALC)
	@sh tests/cli/golden.sh $(MEDCALC)
	@sh tests/cli/patients.sh $(MEDCALC)
	@sh tests/cli/changed.sh $(MEDCALC)
	@sh tests/cli/html.sh $(MEDCALC)
	@sh tests/cli/qa-html.sh $(MEDCALC)
	@sh tests/cli/agree.sh $(MEDCALC)
	@sh tests/cli/limits.sh $(MEDCALC)
	@sh tests/cli/property.sh $(MEDCALC)
	@sh tests/cli/threads.sh $(MEDCALC)

# make test's share: every CLI script but html.sh and qa-html.sh (Chromium), run.sh and
# threads.sh without their multi-megabyte generated inputs, and nomem.sh's batch -j 2 sweep
# alone (make check runs all of those).
# Each script is a target of its own, so that make test can run them side by side (not .PHONY:
# make skips pattern rules for phony targets; no file has these names).
QUICK_CLI = cli-quick-threads cli-golden cli-property cli-quick-run cli-patients cli-agree \
            cli-limits cli-api cli-changed cli-quick-nomem
quick-cli-tests: $(QUICK_CLI)
cli-quick-%: $(MEDCALC)
	@CLI_QUICK=1 sh tests/cli/$*.sh $(MEDCALC)
cli-%: $(MEDCALC)
	@sh tests/cli/$*.sh $(MEDCALC)

# The out-of-memory test (tests/cli/nomem.sh): its LD_PRELOAD shim fails the Nth allocation of
# a run (tests/tools/failalloc.c). Built with plain flags: a sanitizer build links its own
# allocator into medcalc, which the shim cannot stand in for, so make check runs it on the plain
# build only; make test runs its batch -j 2 part (cli-quick-nomem).
$(B)/tools/failalloc.so: tests/tools/failalloc.c
	@mkdir -p $(@D)
	$(CC) $(STD) $(WARNINGS) -O1 -g -fPIC -shared -o $@ $<
cli-nomem: $(MEDCALC) $(B)/tools/failalloc.so
	@sh tests/cli/nomem.sh $(MEDCALC) $(B)/tools/failalloc.so
cli-quick-nomem: $(MEDCALC) $(B)/tools/failalloc.so
	@CLI_QUICK=1 sh tests/cli/nomem.sh $(MEDCALC) $(B)/tools/failalloc.so

# make test-cli CASE=NAME: one golden case of tests/cli/cases (a shell pattern: CASE='batch-*');
# no CASE: every golden case. make test-cli-update CASE=NAME rewrites its expected files from
# the current medcalc, for a deliberate change: review git diff before committing.
test-cli: $(MEDCALC)
	@sh tests/cli/golden.sh $(MEDCALC) $(CASE)
test-cli-update: $(MEDCALC)
	@sh tests/cli/golden.sh --update $(MEDCALC) $(CASE)

# Regenerates the shipped conformance vectors (tests/vectors/<table>.csv) after a table changes;
# cli-tests fails while they are stale. Review the diff before committing it.
vectors: $(MEDCALC)
	@sh tests/cli/agree.sh --update $(MEDCALC)

symbol-test: $(SHLIB)
	@sh tests/check-exports.sh $(SHLIB) tests/exports.txt

header-test: $(STLIB)
	@sh tests/check-header.sh
	@CC=$(CC) sh tests/check-manpage-example.sh

# The ABI of the shared library (abidw of its -g DWARF, public headers only) against a committed
# baseline: new functions are allowed, any change to an existing function or type fails (see
# tests/check-abi.sh). make abi-update rewrites the baseline deliberately (a new major version).
ABI_BASELINE = tests/abi/libmed.abi
abi-check: $(SHLIB)
	@sh tests/install-deps.sh abigail-tools binutils
	@sh tests/check-abi.sh $(SHLIB) $(ABI_BASELINE)
abi-update: $(SHLIB)
	@sh tests/install-deps.sh abigail-tools binutils
	@sh tests/check-abi.sh --update $(SHLIB) $(ABI_BASELINE)

# make bench: speed and memory at claims scale (ROWS=10000000 RUNS=3); see tests/bench/run.sh.
BENCH_TOOLS = $(B)/bench/gen $(B)/bench/runstat $(B)/bench/libbench
$(B)/bench:
	mkdir -p $@
$(B)/bench/gen $(B)/bench/runstat: $(B)/bench/%: tests/bench/%.c | $(B)/bench
	$(CC) $(STD) $(WARNINGS) -O2 $(CFLAGS) $(LDFLAGS) -o $@ $<
$(B)/bench/libbench: tests/bench/libbench.c $(STLIB) | $(B)/bench
	$(CC) $(STD) $(WARNINGS) -DMED_EXPERIMENTAL -Iinclude -O2 $(CFLAGS) $(LDFLAGS) -o $@ $< $(STLIB) $(YAML_LIBS)
bench-deps:
	@sh tests/install-deps.sh $(DEPS_PKGS) python3-pandas
bench: bench-deps
	@$(MAKE) --no-print-directory all $(BENCH_TOOLS)
	@sh tests/bench/run.sh $(B)

install-test: all
	@sh tests/install-test.sh

# --- sanitizers, valgrind, fuzzing --------------------------------------------------------------
# make asan       every test (unit, data, CLI, fuzz regressions) under AddressSanitizer + UBSan
# make tsan       the threaded tests under ThreadSanitizer
# make valgrind   the CLI tests (but the million-row batch) with medcalc under valgrind memcheck
# make fuzz       each libFuzzer target for FUZZ_SECONDS (FUZZ_TARGETS="csv batch" for some)
SAN_CFLAGS  = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
SAN_LDFLAGS = -fsanitize=address,undefined
FUZZ_TARGETS ?= table regimen csv batch patients agree ndc fhir
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS  = $(STD) $(WARNINGS) -DMED_EXPERIMENTAL -Iinclude -Itests/fuzz $(YAML_CFLAGS) $(CFLAGS)
REPLAY_BIN   = $(FUZZ_TARGETS:%=$(B)/fuzz/replay_%)
THREAD_TESTS = test_table test_threads

# Each fuzz target also links with a plain main (tests/fuzz/replay.c) that runs it on files.
$(B)/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(STLIB) | $(B)/fuzz
	$(CC) $(FUZZ_CFLAGS) $(LDFLAGS) -o $@ $< tests/fuzz/replay.c $(STLIB) $(YAML_LIBS)
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(STLIB) | $(B)/fuzz
	$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(STLIB) $(YAML_LIBS)
$(B)/fuzz:
	mkdir -p $@

# The seeds and every input that once crashed a target (tests/fuzz/regressions/<target>/).
fuzz-replay: $(REPLAY_BIN)
	@sh tests/fuzz/replay.sh $(B)/fuzz $(FUZZ_TARGETS)

asan: test-deps
	@$(MAKE) --no-print-directory B=build-asan CC=clang CFLAGS="$(SAN_CFLAGS)" LDFLAGS="$(SAN_LDFLAGS)" \
	    all $(UNIT_BIN:$(B)/%=build-asan/%) $(REPLAY_BIN:$(B)/%=build-asan/%)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    $(MAKE) --no-print-directory B=build-asan CC=clang CFLAGS="$(SAN_CFLAGS)" LDFLAGS="$(SAN_LDFLAGS)" \
	    unit-tests data-tests cli-tests fuzz-replay

tsan: test-deps
	@$(MAKE) --no-print-directory B=build-tsan CC=clang CFLAGS="-O1 -g -fsanitize=thread" \
	    LDFLAGS="-fsanitize=thread" $(THREAD_TESTS:%=build-tsan/tests/%) build-tsan/medcalc
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" sh tests/run-unit.sh $(THREAD_TESTS:%=build-tsan/tests/%)
	@TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" sh tests/cli/threads.sh build-tsan/medcalc

# make check runs these under valgrind (a few minutes); make valgrind runs every CLI script.
VALGRIND_CHECK = run.sh golden.sh patients.sh limits.sh property.sh
valgrind: test-deps
	@$(MAKE) --no-print-directory all
	@sh tests/cli/valgrind.sh $(MEDCALC) $(VALGRIND_SCRIPTS)

fuzz: test-deps
	@$(MAKE) --no-print-directory B=build-fuzz CC=clang \
	    CFLAGS="$(SAN_CFLAGS) -fsanitize=fuzzer-no-link" LDFLAGS="$(SAN_LDFLAGS)" \
	    $(FUZZ_TARGETS:%=build-fuzz/fuzz/fuzz_%)
	@sh tests/fuzz/seeds.sh build-fuzz/fuzz/seeds
	@sh tests/fuzz/run.sh build-fuzz/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# --- install -----------------------------------------------------------------------------------

install: all
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) \
	    $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3
	$(INSTALL) -m 755 $(MEDCALC) $(DESTDIR)$(BINDIR)/medcalc
	$(INSTALL) -m 755 $(SHLIB) $(DESTDIR)$(LIBDIR)/libmed.so.$(VERSION)
	ln -sf libmed.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf libmed.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libmed.so
	$(INSTALL) -m 644 $(STLIB) $(DESTDIR)$(LIBDIR)/libmed.a
	$(INSTALL) -m 644 include/med.h $(DESTDIR)$(INCLUDEDIR)/med.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' pkgconfig/libmed.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libmed.pc
	$(INSTALL) -m 644 cli/medcalc.1 $(DESTDIR)$(MANDIR)/man1/medcalc.1
	$(INSTALL) -m 644 include/libmed.3 $(DESTDIR)$(MANDIR)/man3/libmed.3

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/medcalc
	rm -f $(DESTDIR)$(LIBDIR)/libmed.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) $(DESTDIR)$(LIBDIR)/libmed.so
	rm -f $(DESTDIR)$(LIBDIR)/libmed.a
	rm -f $(DESTDIR)$(INCLUDEDIR)/med.h
	rm -f $(DESTDIR)$(PKGCONFIGDIR)/libmed.pc
	rm -f $(DESTDIR)$(MANDIR)/man1/medcalc.1
	rm -f $(DESTDIR)$(MANDIR)/man3/libmed.3

$(B) $(B)/lib $(B)/cli $(B)/tests:
	mkdir -p $@

clean:
	rm -rf build build-asan build-tsan build-fuzz

-include $(wildcard $(B)/lib/*.d $(B)/lib/*/*.d $(B)/cli/*.d $(B)/tests/*.d)
