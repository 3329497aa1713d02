# mg - build, test and run.
#
#   make            build/mg
#   make check      install missing dependencies, build, run every test
#   make run        start the prompt
#   make sanitize   build-sanitize/mg and unit tests with AddressSanitizer + UBSan
#   make fuzz       libFuzzer targets (clang) for FUZZ_SECONDS each (docs/HARDENING.md)
#   make install    PREFIX=/usr/local
#   make clean
#
# The CUDA backend (src/cuda/*.cu) is built into build/libmg_cuda.so when
# nvcc is found (PATH or /usr/local/cuda/bin). mg loads it with dlopen the
# first time cuda is used, so the CPU path never pays for CUDA at start-up.

PREFIX   ?= /usr/local
BUILD    ?= build
CC       ?= cc
NVCC     ?= $(shell command -v nvcc 2>/dev/null || (test -x /usr/local/cuda/bin/nvcc && echo /usr/local/cuda/bin/nvcc))

BLAS_CFLAGS := $(shell pkg-config --cflags openblas 2>/dev/null || echo -I/usr/include/x86_64-linux-gnu/openblas-pthread)
BLAS_LIBS   := $(shell pkg-config --libs openblas 2>/dev/null || echo -lopenblas)
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null || echo -lcheck -lsubunit -lm -lrt -lpthread)

# Dependencies unpacked under a prefix instead of installed (a machine with
# no package registry, like the lent GPU machine: scripts/device-deps.sh).
ifdef DEPS_PREFIX
DEPS_LIB     := $(DEPS_PREFIX)/usr/lib/x86_64-linux-gnu
DEPS_DIRS    := $(DEPS_LIB) $(DEPS_PREFIX)/lib/x86_64-linux-gnu $(DEPS_LIB)/openblas-pthread
BLAS_CFLAGS  := -I$(DEPS_PREFIX)/usr/include -I$(DEPS_PREFIX)/usr/include/x86_64-linux-gnu/openblas-pthread
LDFLAGS      += $(DEPS_DIRS:%=-L%) $(DEPS_DIRS:%=-Wl,-rpath,%)
CHECK_CFLAGS :=
CHECK_LIBS   := -L$(DEPS_LIB) -lcheck -lsubunit -lm -lrt -lpthread
endif

OPT      ?= -O2
CFLAGS   ?= $(OPT) -g
CFLAGS   += -std=c11 -D_GNU_SOURCE -ffp-contract=off -Wall -Wextra -MMD -MP -fopenmp $(BLAS_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS   := -lreadline $(BLAS_LIBS) -lm -ldl -lpthread -fopenmp

SRCS      := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRCS  := $(filter-out src/main.c,$(SRCS))
OBJS      := $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS  := $(LIB_SRCS:%.c=$(BUILD)/%.o)
TEST_SRCS := $(sort $(wildcard tests/unit/test_*.c))
TEST_BINS := $(TEST_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
CU_SRCS   := $(sort $(wildcard src/cuda/*.cu))
CU_OBJS   := $(CU_SRCS:%.cu=$(BUILD)/%.o)
CU_HDRS   := $(wildcard src/cuda/*.h src/cuda/*.cuh) src/tensor/backend.h src/tensor/ops.h \
             src/tensor/ops.def src/tensor/tensor.h src/util/error.h
CUDA_HOME ?= $(patsubst %/bin/nvcc,%,$(NVCC))

# sm_80 and sm_90 machine code plus PTX for newer GPUs (issue 5). Only
# mg_cuda_backend_init is exported (-fvisibility=hidden); cuBLAS and the
# CUDA runtime are found through the rpath to $(CUDA_HOME)/lib64.
NVCC_FLAGS ?= -O2 -std=c++17 -Xcompiler -fPIC,-Wall,-Wextra,-fvisibility=hidden \
              -gencode arch=compute_80,code=sm_80 -gencode arch=compute_90,code=sm_90 \
              -gencode arch=compute_90,code=compute_90
NVCC_LIBS  ?= -cudart shared -L$(CUDA_HOME)/lib64 -lcublas -Xlinker -rpath,$(CUDA_HOME)/lib64
CUDA_LIB  := $(if $(and $(NVCC),$(CU_SRCS)),$(BUILD)/libmg_cuda.so)

.PHONY: all check test run sanitize fuzz fuzz-build install clean deps unit golden examples cuda-emu simd-check
all: $(BUILD)/mg $(CUDA_LIB)

$(BUILD)/mg: $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/src/cuda/%.o: src/cuda/%.cu $(CU_HDRS)
	@mkdir -p $(dir $@)
	$(NVCC) $(NVCC_FLAGS) -c -o $@ $<

$(BUILD)/libmg_cuda.so: $(CU_OBJS)
	$(NVCC) --shared -o $@ $(CU_OBJS) $(NVCC_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(CHECK_CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(LIB_OBJS) $(CHECK_LIBS) $(LDLIBS)

# The SIMD kernels (CPU_SIMD_CLONES in src/cpu/cpu_math.h) built again with
# their instruction sets capped: $(BUILD)/simd3/mg uses AVX2 at most,
# $(BUILD)/simd2/mg SSE2 only. `simd-check` compares their outputs with
# $(BUILD)/mg's bit for bit (tests/simd/run.sh).
SIMD_KERNELS   := cpu_elementwise cpu_softmax
SIMD_SHARED    := $(filter-out $(SIMD_KERNELS:%=$(BUILD)/src/cpu/%.o),$(OBJS))
define SIMD_LEVEL_RULES
$(BUILD)/simd$(1)/%.o: src/cpu/%.c
	@mkdir -p $$(dir $$@)
	$$(CC) $$(CFLAGS) -DMG_SIMD_MAX=$(1) -c -o $$@ $$<
$(BUILD)/simd$(1)/mg: $(SIMD_SHARED) $(SIMD_KERNELS:%=$(BUILD)/simd$(1)/%.o)
	$$(CC) $$(CFLAGS) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach level,2 3,$(eval $(call SIMD_LEVEL_RULES,$(level))))

simd-check: $(BUILD)/mg $(BUILD)/simd3/mg $(BUILD)/simd2/mg
	@sh tests/simd/run.sh $(BUILD)

deps:
	@sh scripts/install-deps.sh

# Every test: Check suites (their summaries are printed), then golden .mg scripts,
# then the whole suite again under ASan + UBSan + LeakSanitizer (docs/HARDENING.md).
check: deps
	@$(MAKE) --no-print-directory -j2 all $(TEST_BINS) $(BUILD)/simd3/mg $(BUILD)/simd2/mg
	@$(MAKE) --no-print-directory test
	@sh scripts/sanitize-check.sh

test: unit simd-check cuda-emu golden examples

unit: $(TEST_BINS)
	@sh scripts/run-unit-tests.sh $(BUILD) $(TEST_BINS)

# The CUDA kernels' LOGIC checked on the host (tests/cuda_emu/): test_cuda,
# test_cuda_programs and the golden scripts with --device cuda,
# against $(BUILD)/cuda-emu/libmg_cuda_emu.so, the kernels built by g++ for
# a host emulation of the GPU. NOT a GPU run; skipped without the CUDA headers.
cuda-emu: $(BUILD)/mg $(BUILD)/tests/test_cuda $(BUILD)/tests/test_cuda_programs
	@sh tests/cuda_emu/run.sh $(BUILD)

golden: $(BUILD)/mg
	@sh tests/golden/run.sh $(BUILD)/mg
	@sh tests/prompt/run.sh $(BUILD)/mg
	@sh tests/prompt/errors.sh $(BUILD)/mg

# examples/*.mg with their key numbers, every snippet of docs/TUTORIAL.md,
# docs/OPS.md against the builtins table (one row per builtin, same signature),
# and the code shown in README.md.
examples: $(BUILD)/mg
	@sh tests/examples/run.sh $(BUILD)/mg
	@sh scripts/run-tutorial.sh $(BUILD)/mg
	@sh tests/examples/readme_tour.sh $(BUILD)/mg
	@sh tests/docs/ops_doc.sh $(BUILD)/mg

run: all
	@./$(BUILD)/mg

sanitize:
	@$(MAKE) --no-print-directory BUILD=build-sanitize OPT=-O1 \
	    EXTRA_CFLAGS="-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer" \
	    LDFLAGS="-fsanitize=address,undefined,float-cast-overflow" build-sanitize/mg \
	    $(TEST_SRCS:tests/unit/%.c=build-sanitize/tests/%)
	@echo "built build-sanitize/mg and its unit tests"

build-sanitize/mg: LDLIBS += -fsanitize=address,undefined,float-cast-overflow

# libFuzzer targets (tests/fuzz/, docs/HARDENING.md): `make fuzz` builds them
# with clang into build-fuzz/ and runs each for FUZZ_SECONDS.
FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz_*.c))
fuzz:
	@sh tests/fuzz/run.sh $(FUZZ_SECONDS)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=$(FUZZ_CC) OPT=-O1 \
	    EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer -Wno-pass-failed" \
	    $(FUZZ_SRCS:tests/fuzz/%.c=build-fuzz/fuzz/%)

build-fuzz/fuzz/%: tests/fuzz/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< $(LIB_OBJS) $(LDLIBS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/mg
	install -m 755 $(BUILD)/mg $(DESTDIR)$(PREFIX)/bin/mg
	$(if $(CUDA_LIB),install -m 644 $(CUDA_LIB) $(DESTDIR)$(PREFIX)/lib/mg/)

clean:
	rm -rf build build-sanitize build-fuzz

-include $(OBJS:.o=.d) $(wildcard $(BUILD)/simd*/*.d)
