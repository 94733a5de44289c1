# syntax=docker/dockerfile:1
#
# Palisade in a container: a static (musl) binary on distroless, run as a
# user that is not root, scanning the directory mounted at /src.
#
#   docker build -t palisade .
#   docker run --rm -v "$PWD:/src:ro" palisade                # palisade scan .
#   docker run --rm -v "$PWD:/src:ro" palisade scan --format sarif infra
#
# The default target builds from source. The release workflow builds the
# `prebuilt` target instead, with the release's checksummed linux-musl
# binaries in dist/linux-amd64/ and dist/linux-arm64/ of the build context.

# The locked dependencies need Rust 1.95 or later.
ARG RUST_VERSION=1.95

FROM rust:${RUST_VERSION}-alpine AS build
# tree-sitter and mimalloc are C: musl-dev has the headers and static libc.
RUN apk add --no-cache musl-dev
WORKDIR /build
# Everything the build reads (the binary embeds the rule documents).
COPY Cargo.toml Cargo.lock ./
COPY src src
COPY rules rules
RUN cargo build --release --locked --bin palisade \
    && install -m 755 target/release/palisade /palisade \
    && /palisade --version

# The release's own binaries, one per platform, for the published image.
FROM gcr.io/distroless/static-debian12:nonroot AS prebuilt
ARG TARGETARCH
COPY --chmod=755 dist/linux-${TARGETARCH}/palisade /usr/local/bin/palisade
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["palisade"]
CMD ["scan", "."]

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /palisade /usr/local/bin/palisade
USER 65532:65532
WORKDIR /src
ENTRYPOINT ["palisade"]
CMD ["scan", "."]
