# The service's container image (the README's "Running in containers").
#   podman build -t bosetting .        (or docker build)
#   podman run --rm -p 8000:8000 -e DATABASE_URL=postgresql://… -e BOSETTING_JWKS=… \
#       -e BOSETTING_JWT_ISSUER=… -e BOSETTING_STATISTIKK_SALT=… bosetting
# Two stages: the build stage installs the locked dependencies (requirements.txt, every file
# checked against its hash, wheels only, no dev tools), the project and GraphiQL's browser
# files into /opt/bosetting; the image itself is the base image, that folder and a user.
# A base image of your own (a mirror of the same Debian-based Python 3.11 image):
#   --build-arg PYTHON_IMAGE=registry.example/python:3.11-slim-bookworm
# With NPM_CONFIG_REGISTRY (your npm registry's URL) the GraphiQL files come from it directly
# and the build stage installs no npm.

ARG PYTHON_IMAGE=docker.io/library/python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS build
ARG NPM_CONFIG_REGISTRY=
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
# npm, for app/vendor.py only: it fetches the pinned GraphiQL files and checks their hashes.
RUN if [ -z "$NPM_CONFIG_REGISTRY" ]; then \
        apt-get update \
        && apt-get install -y --no-install-recommends npm \
        && rm -rf /var/lib/apt/lists/*; \
    fi
WORKDIR /src
# The dependencies first (a layer that changes only with the lock file), into a venv without
# pip of its own: everything in /opt/bosetting comes from the lock file or the project.
COPY requirements.txt ./
RUN python3 -m venv --without-pip /opt/bosetting \
    && python3 -m pip --python /opt/bosetting/bin/python install \
        --require-hashes --no-deps --only-binary :all: -r requirements.txt
COPY pyproject.toml README.md ./
COPY app ./app
COPY authz ./authz
COPY demodata ./demodata
COPY migrations ./migrations
COPY models ./models
COPY resolvers ./resolvers
COPY schema ./schema
COPY utskrift ./utskrift
COPY utsending ./utsending
# The project itself, built by the locked setuptools, with no index: nothing unlocked enters.
# The service never imports setuptools, so it leaves once it has built the project.
RUN python3 -m pip --python /opt/bosetting/bin/python install \
        --no-deps --no-build-isolation --no-index . \
    && python3 -m pip --python /opt/bosetting/bin/python uninstall --yes setuptools
# GraphiQL's files at build time: the running service needs no npm and no way out to it.
RUN BOSETTING_VENDOR_DIR=/opt/bosetting/graphiql /opt/bosetting/bin/python -m app.vendor ensure \
    && /opt/bosetting/bin/python -c 'import sys; from pathlib import Path; from app.vendor import missing; gone = [a.filename for a in missing(Path("/opt/bosetting/graphiql"))]; sys.exit(f"GraphiQL files missing: {gone}" if gone else 0)'

FROM ${PYTHON_IMAGE}
# A user of its own, without a login and without a writable home outside its data folder.
RUN groupadd --gid 10001 bosetting \
    && useradd --uid 10001 --gid bosetting --no-create-home \
        --home-dir /var/lib/bosetting --shell /usr/sbin/nologin bosetting \
    && install -d -o bosetting -g bosetting -m 0700 /var/lib/bosetting
COPY --from=build /opt/bosetting /opt/bosetting
ENV PATH=/opt/bosetting/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOSETTING_ENV=production \
    BOSETTING_HOST=0.0.0.0 \
    BOSETTING_PORT=8000 \
    BOSETTING_DATA_DIR=/var/lib/bosetting \
    BOSETTING_VENDOR_DIR=/opt/bosetting/graphiql
USER 10001:10001
WORKDIR /var/lib/bosetting
# 8000: the API; 9464: /metrics (BOSETTING_METRICS_PORT, production's default).
EXPOSE 8000 9464
ENTRYPOINT ["bosetting"]
CMD ["serve"]
