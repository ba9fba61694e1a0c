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
# The project and its pinned-below dependencies only; /data is where a --state-file volume goes.
RUN pip install --no-cache-dir . \
    && useradd --system --uid 10001 --user-group --no-create-home mock \
    && mkdir /data \
    && chown mock:mock /data

USER 10001:10001
# Every interface inside the container: the port is reached through docker run -p. Set
# MOCK_BOTCAKE_ADMIN_TOKEN when the port is reachable by anyone but you (see SECURITY.md).
ENV MOCK_BOTCAKE_HOST=0.0.0.0 \
    MOCK_BOTCAKE_PORT=8080
EXPOSE 8080
# No curl in the slim image: the health check is Python's own urllib. /_mock/health needs no admin token.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['MOCK_BOTCAKE_PORT'] + '/_mock/health', timeout=2)"]
CMD ["mock-botcake", "serve"]
