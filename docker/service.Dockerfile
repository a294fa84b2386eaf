# One image recipe for every Streamtune JVM: the three Quarkus services and the topic tool.
# Build the jars first (./mvnw -B -DskipTests package); docker-compose.yml passes the module.
#   SERVICE: the module folder (ingest-service, train-service, reward-service)
FROM eclipse-temurin:17-jre
ARG SERVICE
RUN useradd --uid 1001 --create-home streamtune && mkdir -p /data && chown streamtune /data
WORKDIR /deployments
COPY --chown=streamtune ${SERVICE}/target/quarkus-app/lib/ /deployments/lib/
COPY --chown=streamtune ${SERVICE}/target/quarkus-app/*.jar /deployments/
COPY --chown=streamtune ${SERVICE}/target/quarkus-app/app/ /deployments/app/
COPY --chown=streamtune ${SERVICE}/target/quarkus-app/quarkus/ /deployments/quarkus/
USER streamtune
# Relative paths (checkpoints, state) land in /data; DJL unpacks its bundled natives there and
# never downloads anything.
WORKDIR /data
ENV DJL_CACHE_DIR=/data/djl OMP_WAIT_POLICY=PASSIVE JAVA_OPTS_APPEND="-Dai.djl.offline=true"
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS_APPEND $JAVA_OPTS -jar /deployments/quarkus-run.jar"]
