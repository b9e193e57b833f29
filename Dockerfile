# PNP Live — multi-stage build: dependencies are compiled in their own layer (cached while only
# the sources change), the runtime image is Debian slim with a non-root user.

FROM rust:1-bookworm AS build
WORKDIR /app
# 1. Dependencies only: manifests plus stub sources, so this layer is reused until Cargo.* change.
#    Every [[bench]] the manifest declares needs a file, or cargo refuses to read it.
COPY Cargo.toml Cargo.lock rustfmt.toml ./
COPY entity/Cargo.toml entity/Cargo.toml
COPY migration/Cargo.toml migration/Cargo.toml
RUN mkdir -p src entity/src migration/src benches \
 && echo 'fn main() {}' > src/main.rs && touch src/lib.rs entity/src/lib.rs migration/src/lib.rs \
 && for bench in $(awk '/^\[\[bench\]\]/ { b = 1; next } b && /^name/ { gsub(/[" ]/, ""); sub(/^name=/, ""); print; b = 0 }' Cargo.toml); do \
      echo 'fn main() {}' > "benches/$bench.rs"; \
    done \
 && cargo build --release --locked --bin pnp-live \
 && rm -rf src entity/src migration/src benches
# 2. The real sources. `--release` is Cargo.toml's `[profile.release]`: optimised for size with
#    whole-program LTO and one codegen unit (the smaller binary keeps less code resident; see
#    README, "Memory under load"), so this last link takes several minutes.
COPY . .
RUN touch src/main.rs src/lib.rs entity/src/lib.rs migration/src/lib.rs \
 && cargo build --release --locked --bin pnp-live

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /app pnp \
 && mkdir -p /app/data && chown pnp /app/data
WORKDIR /app
COPY --from=build /app/target/release/pnp-live /usr/local/bin/pnp-live
COPY config/default.toml /app/config/default.toml
USER pnp
ENV PNP_HTTP_ADDR=0.0.0.0:8080 \
    PNP_DATABASE_URL=sqlite:///app/data/pnp-live.db?mode=rwc \
    RUST_LOG=info
EXPOSE 8080
VOLUME ["/app/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["pnp-live"]
CMD ["serve"]
