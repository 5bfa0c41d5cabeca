# Ontdekkingstocht: multi-stage build, runs as a non-root user.
# Production needs APP_ENV=production, APP_SECRET_KEY and (for several instances)
# APP_DATABASE_URL=postgresql://...; the default is SQLite in the /app/data volume.

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /build
COPY requirements/main.txt requirements/main.txt
RUN python -m venv /venv \
    && /venv/bin/pip install --require-hashes -r requirements/main.txt

FROM python:3.11-slim-bookworm AS runtime
ENV PATH="/venv/bin:$PATH" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    APP_ENV=production \
    APP_HOST=0.0.0.0 \
    APP_PORT=8000
RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin ontdekker
WORKDIR /app
COPY --from=build /venv /venv
COPY alembic.ini ./
COPY migrations ./migrations
COPY app ./app
RUN mkdir -p /app/data && chown ontdekker /app/data
USER ontdekker
VOLUME ["/app/data"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD python -c "import urllib.request,sys; urllib.request.urlopen('http://127.0.0.1:8000/login', timeout=2)" || exit 1
# `serve` applies the migrations, then starts uvicorn (no demo data in production).
CMD ["python", "-m", "app", "serve"]
