# syntax=docker/dockerfile:1
#
# One image for every Inkzee service; the container's command chooses which one runs:
#
#   docker build -t inkzee:local .
#   docker run --rm -e INKZEE_BIND=0.0.0.0 inkzee:local store      # or fetcher, ranker, web
#
# docker-compose.yml builds it once and runs each service from it. See docs/DEPLOY.md.

# ---- build: the Maven wrapper on a JDK 17 ------------------------------------------------------
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY . .
# The local repository is a BuildKit cache, so a rebuild after a source change downloads nothing. Tests are not run here: CI runs them (./mvnw -B verify); the image only packages.
# benchmarks and integration-tests are not services and are left out of the image's build.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q package -DskipTests -Dspotless.check.skip=true \
      -pl '!benchmarks,!integration-tests' \
 && mkdir -p /out \
 && for m in store-service fetcher-service ranker-service web; do \
      if [ -d "$m" ]; then \
        cp "$m/target/$m.jar" "/out/${m%-service}.jar" || exit 1; \
      fi; \
    done \
 && ls -l /out

# ---- run: a JRE 17, as a non-root user -----------------------------------------------------------
FROM eclipse-temurin:17-jre
# curl for the healthchecks (docker-compose.yml: curl -fsS http://127.0.0.1:<admin port>/healthz):
# a JVM per healthcheck would cost ~40 MB and a second of CPU every interval.
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 inkzee \
 && useradd --system --uid 10001 --gid inkzee --home-dir /var/lib/inkzee --shell /usr/sbin/nologin inkzee \
 && mkdir -p /var/lib/inkzee \
 && chown inkzee:inkzee /var/lib/inkzee
COPY --from=build /out/ /opt/inkzee/lib/
COPY docker/inkzee-service /opt/inkzee/bin/inkzee-service
RUN chmod 0755 /opt/inkzee/bin/inkzee-service

USER 10001:10001
WORKDIR /var/lib/inkzee
# Services listen on loopback by default; in a container they must answer on its network.
ENV INKZEE_BIND=0.0.0.0 \
    INKZEE_DATA_DIR=/var/lib/inkzee \
    JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# RPC, admin (/healthz, /metrics) and HTTP ports of store, fetcher, ranker and web (DESIGN.md).
EXPOSE 7101 7102 7103 7201 7202 7203 7301 7302 7303 7304 8080
ENTRYPOINT ["/opt/inkzee/bin/inkzee-service"]
CMD ["help"]
