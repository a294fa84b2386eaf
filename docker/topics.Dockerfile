# Creates Streamtune's topics (from the one topic registry) on the compose cluster, then exits.
FROM eclipse-temurin:17-jre
WORKDIR /opt/streamtune
COPY local-kafka/target/local-kafka.jar /opt/streamtune/
COPY local-kafka/target/lib/ /opt/streamtune/lib/
ENTRYPOINT ["java", "-jar", "/opt/streamtune/local-kafka.jar"]
