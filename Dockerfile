# mock-botcake in a container: docker build -t mock-botcake . && docker run -p 8080:8080 mock-botcake
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/mock-botcake
COPY pyproject.toml README.md ./
COPY contracts ./contracts
COPY mock_botcake ./mock_botcake
# The package alone, no test tools (pytest, Hypothesis, responses are extras). /data is where a
# --state-file volume goes: a named volume copies its mode (writable by anyone, sticky), and a bind
# mount keeps the host folder's owner, so run with --user "$(id -u):$(id -g)" there (README, Docker).
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --user-group --no-create-home mock \
    && mkdir /data \
    && chmod 1777 /data

USER 10001:10001
# Every interface inside the container: the port is reached through docker run -p. Set
# MOCK_BOTCAKE_ADMIN_TOKEN when the port is reachable by anyone but you (see SECURITY.md).
# serve writes the URL it really listens on to MOCK_BOTCAKE_ADDRESS_FILE, which `mock-botcake health`
# reads: the health check holds however the port is set (this ENV, or serve --port in the command).
ENV MOCK_BOTCAKE_HOST=0.0.0.0 \
    MOCK_BOTCAKE_PORT=8080 \
    MOCK_BOTCAKE_ADDRESS_FILE=/tmp/mock-botcake.address
EXPOSE 8080
VOLUME ["/data"]
# /_mock/health needs no admin token; the check is Python's own urllib (no curl in the slim image).
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 CMD ["mock-botcake", "health"]
CMD ["mock-botcake", "serve"]
