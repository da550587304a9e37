# The app for docker-compose.yml: set up as scripts/setup.sh does on a fresh machine, with torch's CPU
# build taken first from PyTorch's CPU index (PyPI's default build is CUDA's, several GB).
FROM python:3.11-slim
WORKDIR /app
COPY . .
RUN python -m venv .venv \
    && .venv/bin/pip install --no-cache-dir torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu \
    && bash scripts/setup.sh
ENV HF_HUB_OFFLINE=1 DUCHAQA_ENGINE=milvus
EXPOSE 8000
# Build the index from corpus/ into Milvus, then serve the API and the staff page.
CMD ["sh", "-c", ".venv/bin/duchaqa ingest && exec .venv/bin/duchaqa serve --host 0.0.0.0 --port 8000"]
