/**
 * Sends a file straight to S3 with the presigned POST the API returned, reporting upload
 * progress (fetch() cannot report upload progress; XMLHttpRequest can).
 */
import { NetworkError } from "@/lib/api/errors";

export type UploadForm = { url: string; fields: Record<string, string> };

export class UploadRejected extends Error {
  override name = "UploadRejected";
  constructor(readonly status: number) {
    super(`The storage service refused the file (HTTP ${status}).`);
  }
}

export function uploadToBucket(
  form: UploadForm,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const body = new FormData();
    for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
    body.append("file", file); // S3 ignores every field after the file: it goes last
    const xhr = new XMLHttpRequest();
    xhr.open("POST", form.url);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1);
        resolve();
      } else reject(new UploadRejected(xhr.status));
    };
    xhr.onerror = () => reject(new NetworkError("The upload did not reach the storage service."));
    xhr.onabort = () => reject(new NetworkError("The upload was stopped."));
    signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(body);
  });
}
