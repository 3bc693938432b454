// Uploads a file's parts to presigned UploadPart URLs with fetch and reads each part's ETag from the
// answer. The ETag header is readable cross-origin only when the bucket's CORS rule exposes it, so a
// missing ETag (or a fetch that fails on its preflight) is what a bucket without such a rule gives.
"use strict";

/** Uploads file in slices of partSize, slice i to urls[i]; resolves to one result per part. */
async function uploadParts(file, urls, partSize) {
  const results = [];
  for (let i = 0; i < urls.length; i++) {
    const slice = file.slice(i * partSize, Math.min(file.size, (i + 1) * partSize));
    try {
      const response = await fetch(urls[i], { method: "PUT", body: slice });
      results.push({ partNumber: i + 1, size: slice.size, status: response.status, etag: response.headers.get("ETag") });
    } catch (error) {
      results.push({ partNumber: i + 1, size: slice.size, status: 0, etag: null, error: String(error) });
    }
  }
  return results;
}

document.getElementById("upload").addEventListener("click", async () => {
  const file = document.getElementById("file").files[0];
  const urls = document.getElementById("urls").value.split("\n").map((u) => u.trim()).filter(Boolean);
  const partSize = Number(document.getElementById("part-size").value);
  const log = document.getElementById("log");
  log.textContent = "uploading...";
  const results = await uploadParts(file, urls, partSize);
  log.textContent = JSON.stringify(results, null, 2);
});
