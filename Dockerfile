FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ALLIANCEKG_HOME=/app

WORKDIR /app

COPY pyproject.toml README.md ./
COPY src/ src/
COPY ontology/ ontology/
COPY queries/ queries/
COPY seeds/ seeds/
COPY browser/ browser/

RUN pip install --no-cache-dir . \
    && useradd --create-home --uid 1000 app

USER app

EXPOSE 8000

CMD ["alliancekg", "serve", "--host", "0.0.0.0", "--port", "8000"]
