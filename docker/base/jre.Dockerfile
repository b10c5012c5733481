# Local stand-in for eclipse-temurin:<n>-jre, built by scripts/base-images.sh from a jlink'ed
# runtime (the ./jre directory of the build context) on the local Debian base.
# Same layout as the Temurin image: JAVA_HOME=/opt/java/openjdk, `java` on PATH.
ARG DEBIAN_IMAGE=todoctl/debian-base:trixie
FROM ${DEBIAN_IMAGE}
ENV JAVA_HOME=/opt/java/openjdk \
    LANG=C.UTF-8
ENV PATH=${JAVA_HOME}/bin:${PATH}
COPY jre/ /opt/java/openjdk/
CMD ["jshell"]
