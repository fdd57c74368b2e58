# libmed and medcalc. GNU make.
#   make            library (shared + static) and the medcalc tool
#   make run        build, then run medcalc on an example with the embedded default table
#   make check      every test: unit (cmocka), table/CSV data cases, CLI, install + pkg-config
#   make install    PREFIX=/usr/local DESTDIR= ; make uninstall mirrors it
#   make asan       the unit and CLI tests under AddressSanitizer + UBSan
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
ALL_CFLAGS = $(STD) $(WARNINGS) -Iinclude -Ilib -I$(B) $(YAML_CFLAGS) $(CFLAGS) -MMD -MP

VERSION := $(shell sed -n 's/^\#define MED_VERSION_STRING "\(.*\)"/\1/p' include/med.h)
MAJOR   := $(shell sed -n 's/^\#define MED_VERSION_MAJOR \([0-9]*\)/\1/p' include/med.h)

B        = build
LIB_SRC  = $(sort $(wildcard lib/*.c))
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(B)/lib/%.o) $(B)/lib/embedded_tables.o $(B)/lib/embedded_ndc.o
PIC_OBJ  = $(LIB_OBJ:%.o=%.pic.o)
CLI_SRC  = $(sort $(wildcard cli/*.c))
CLI_OBJ  = $(CLI_SRC:cli/%.c=$(B)/cli/%.o)
TABLES   = $(sort $(wildcard conversion-tables/*.yaml))
NDC_LISTS = $(sort $(wildcard conversion-tables/*.ndc))
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)

SHLIB    = $(B)/libmed.so.$(VERSION)
SONAME   = libmed.so.$(MAJOR)
STLIB    = $(B)/libmed.a
MEDCALC  = $(B)/medcalc
PCFILE   = $(B)/libmed.pc

.PHONY: all lib deps test-deps run check unit-tests data-tests cli-tests symbol-test \
        install-test install uninstall clean asan vectors
.DELETE_ON_ERROR:

all: lib $(MEDCALC)
lib: $(SHLIB) $(STLIB) $(PCFILE)

# Installs what a fresh Debian machine lacks (as root, or through sudo).
DEPS_PKGS = gcc make pkg-config libyaml-dev
TEST_PKGS = $(DEPS_PKGS) libcmocka-dev python3
deps:
	@sh tests/install-deps.sh $(DEPS_PKGS)
test-deps:
	@sh tests/install-deps.sh $(TEST_PKGS)

run: deps
	@$(MAKE) --no-print-directory all
	$(MEDCALC) "oxycodone 10 mg q6h" "morphine ER 30 mg bid"

# --- library -----------------------------------------------------------------------------------

# The shipped tables become C byte arrays: the YAML stays the only source of every number.
$(B)/lib/embedded_tables.c: $(TABLES) tests/embed-tables.sh | $(B)/lib
	sh tests/embed-tables.sh $(TABLES) > $@+ && mv $@+ $@
# The NDC product lists (generated once by tests/tools/make-ndc-list.py, committed): their own
# object, so that editing a table does not recompile two megabytes of bytes.
$(B)/lib/embedded_ndc.c: $(NDC_LISTS) tests/embed-tables.sh | $(B)/lib
	sh tests/embed-tables.sh --array med_embedded_ndc_lists $(NDC_LISTS) > $@+ && mv $@+ $@

$(B)/lib/%.o: lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(B)/lib/%.o: $(B)/lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) -c $< -o $@
$(B)/lib/%.pic.o: lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@
$(B)/lib/%.pic.o: $(B)/lib/%.c | $(B)/lib
	$(CC) $(ALL_CFLAGS) -fPIC -fvisibility=hidden -c $< -o $@

$(STLIB): $(LIB_OBJ)
	rm -f $@ && $(AR) rcs $@ $^

$(SHLIB): $(PIC_OBJ)
	$(CC) -shared -Wl,-soname,$(SONAME) $(LDFLAGS) -o $@ $^ $(YAML_LIBS)
	ln -sf libmed.so.$(VERSION) $(B)/$(SONAME)
	ln -sf libmed.so.$(VERSION) $(B)/libmed.so

$(PCFILE): pkgconfig/libmed.pc.in include/med.h | $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
	    -e 's|@VERSION@|$(VERSION)|' $< > $@+ && mv $@+ $@

# --- tool --------------------------------------------------------------------------------------

$(B)/cli/%.o: cli/%.c | $(B)/cli
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(MEDCALC): $(CLI_OBJ) $(STLIB)
	$(CC) $(LDFLAGS) -o $@ $(CLI_OBJ) $(STLIB) $(YAML_LIBS)

# --- tests -------------------------------------------------------------------------------------

$(B)/tests/%.o: tests/unit/%.c | $(B)/tests
	$(CC) $(ALL_CFLAGS) -Itests/unit -c $< -o $@
$(B)/tests/test_%: $(B)/tests/test_%.o $(STLIB)
	$(CC) $(LDFLAGS) -o $@ $< $(STLIB) $(YAML_LIBS) $(CMOCKA_LIBS) -lpthread

check: test-deps
	@$(MAKE) --no-print-directory all $(UNIT_BIN)
	@$(MAKE) --no-print-directory unit-tests data-tests cli-tests symbol-test install-test

unit-tests: $(UNIT_BIN)
	@sh tests/run-unit.sh $(UNIT_BIN)

data-tests: $(MEDCALC)
	@sh tests/data/run.sh $(MEDCALC)

cli-tests: $(MEDCALC)
	@sh tests/cli/run.sh $(MEDCALC)
	@sh tests/cli/patients.sh $(MEDCALC)
	@sh tests/cli/agree.sh $(MEDCALC)

# Regenerates the shipped conformance vectors (tests/vectors/<table>.csv) after a table changes;
# cli-tests fails while they are stale. Review the diff before committing it.
vectors: $(MEDCALC)
	@sh tests/cli/agree.sh --update $(MEDCALC)

symbol-test: $(SHLIB)
	@sh tests/check-exports.sh $(SHLIB) tests/exports.txt

install-test: all
	@sh tests/install-test.sh

asan:
	$(MAKE) B=build-asan CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" all $(UNIT_BIN:$(B)/%=build-asan/%)
	$(MAKE) B=build-asan CC=clang CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	    LDFLAGS="-fsanitize=address,undefined" unit-tests cli-tests data-tests

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
	rm -rf build build-asan

-include $(wildcard $(B)/lib/*.d $(B)/cli/*.d $(B)/tests/*.d)
