/**
 * Saves text as a file: a Blob, an object URL and a click on a temporary <a download>. The URL
 * is revoked a little later (revoking at once can cancel the download in some browsers).
 */
export function downloadText(file: { filename: string; mime: string; text: string }): void {
  const blob = new Blob([file.text], { type: file.mime });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file.filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
