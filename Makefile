# The appliance: build, test, publish, benchmark, demo.
# `make test` and `make demo` install the Debian peers they need (.ci/install-peers) before running.

DOTNET   ?= dotnet
CONFIG   ?= Release
RID      ?= linux-x64
OUT      ?= $(CURDIR)/out
BIN      := $(OUT)/bin
HOSTS    := proxydhcpd tftpd winpe-stage floppygen nodeset vncpilot
export APPLIANCE_BIN := $(BIN)
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: all build test unit integration publish bench demo peers clean help

all: build

help:
	@echo "make build        compile every project ($(CONFIG))"
	@echo "make test         install peers, publish the Native-AOT binaries, run every test"
	@echo "make publish      Native-AOT executables of every binary into $(BIN)"
	@echo "make bench        benchmarks side by side with the peers (writes results under out/bench)"
	@echo "make demo         network-boot a BIOS and a UEFI VM from the appliance services"
	@echo "make clean        remove build output"

peers:
	@bash .ci/install-peers

build:
	$(DOTNET) build Appliance.sln -c $(CONFIG) -nologo -clp:ErrorsOnly

publish:
	@mkdir -p $(BIN)
	@for h in $(HOSTS); do \
	  echo "publish $$h"; \
	  $(DOTNET) publish src/$$h/$$h.csproj -c $(CONFIG) -r $(RID) -o $(BIN) -nologo -clp:ErrorsOnly -p:DebugType=none || exit 1; \
	done

test: peers build publish
	@bash .ci/test-all $(CONFIG)

bench: peers build publish
	@bash tests/Bench/run-all

demo: peers build publish
	@bash appliance/demo/run

clean:
	rm -rf $(OUT)
	find src tests -type d \( -name bin -o -name obj \) -prune -exec rm -rf {} +

# The appliance image and ISO (make image, make iso, make image-test) live with their mkosi configuration.
-include mkosi/Makefile.inc
