# Local stand-in for the official postgres:17 image, built by scripts/base-images.sh from
# Debian's postgresql-17 package. It honours the official image's contract: POSTGRES_USER,
# POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), POSTGRES_DB, PGDATA, POSTGRES_INITDB_ARGS,
# POSTGRES_HOST_AUTH_METHOD, /docker-entrypoint-initdb.d, uid/gid 999, port 5432.
ARG DEBIAN_IMAGE=todoctl/debian-base:trixie
FROM ${DEBIAN_IMAGE}
ARG PG_MAJOR=17
# uid/gid 999 as in the official image, so volumes and securityContexts are interchangeable.
RUN set -eux; \
    groupadd --system --gid 999 postgres; \
    useradd --system --uid 999 --gid 999 --home-dir /var/lib/postgresql --shell /bin/bash postgres; \
    mkdir -p /var/lib/postgresql /etc/postgresql-common; \
    chown postgres:postgres /var/lib/postgresql; \
    echo 'create_main_cluster = false' > /etc/postgresql-common/createcluster.conf; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "postgresql-${PG_MAJOR}"; \
    apt-get clean; rm -rf /var/lib/apt/lists/* /var/log/apt/* /var/log/*.log; \
    mkdir -p /var/run/postgresql /docker-entrypoint-initdb.d /var/lib/postgresql/data; \
    chown postgres:postgres /var/lib/postgresql/data; chmod 1777 /var/lib/postgresql/data; \
    chown postgres:postgres /var/run/postgresql; chmod 3777 /var/run/postgresql
ENV PG_MAJOR=${PG_MAJOR} \
    LANG=C.UTF-8 \
    PGDATA=/var/lib/postgresql/data
ENV PATH=/usr/lib/postgresql/${PG_MAJOR}/bin:${PATH}
COPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh
VOLUME /var/lib/postgresql/data
STOPSIGNAL SIGINT
EXPOSE 5432
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
