# syntax=docker/dockerfile:1
# kars-sre image: a release build with the Swift runtime linked statically, on a slim non-root
# runtime that works with a read-only root filesystem (deploy/app/deployment.yaml mounts /tmp and
# /var/lib/kars-sre as emptyDirs and the config read-only).
#
#   docker build -t kars-sre:0.1.0 .
#   docker run --rm kars-sre:0.1.0 --version
#
# The build and runtime stages use the same Debian release, so the binary's glibc and libcurl
# (FoundationNetworking) match the runtime's. The binary's only shared libraries are glibc, libstdc++,
# libgcc_s, zlib and libcurl (checked with ldd on the same build command: about 220 MB, symbols kept
# for Swift's crash backtraces).
ARG SWIFT_VERSION=6.3.1
ARG DEBIAN_RELEASE=bookworm

FROM swift:${SWIFT_VERSION}-${DEBIAN_RELEASE} AS build
# FoundationNetworking links libcurl even with --static-swift-stdlib: the link needs its dev package
# (the official image has it; installing it again is a no-op there and a fix for slimmer bases).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libcurl4-openssl-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Dependencies first, so a source change does not fetch them again. Package.resolved pins them
# when the build context has one.
COPY Package.swift Package.resolved* ./
RUN swift package resolve
# SwiftPM checks every declared target's directory, tests included.
COPY Sources ./Sources
COPY Tests ./Tests
RUN swift build -c release --product kars-sre --static-swift-stdlib \
    && install -D -m 0755 "$(swift build -c release --show-bin-path)/kars-sre" /out/usr/local/bin/kars-sre
# The rendered manifest, for `kars-sre install --manifest /usr/share/kars-sre/kars-sre.yaml` from the image.
COPY deploy/kars-sre.yaml /out/usr/share/kars-sre/kars-sre.yaml

FROM debian:${DEBIAN_RELEASE}-slim
# ca-certificates: TLS to Telegram, Slack, the LLM endpoint and image registries (the API server's CA
# comes from the ServiceAccount mount). libcurl4: FoundationNetworking's one dynamic dependency.
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates libcurl4 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /
# The same numeric user as the Deployment's securityContext (runAsNonRoot needs a numeric USER).
USER 65532:65532
ENV HOME=/tmp
WORKDIR /tmp
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/kars-sre"]
CMD ["run"]
LABEL org.opencontainers.image.title="kars-sre" \
      org.opencontainers.image.description="An SRE agent for Kubernetes: diagnoses incidents, proposes typed fixes an operator approves, executes them with one-shot least privilege"
