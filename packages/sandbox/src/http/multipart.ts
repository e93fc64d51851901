// `multipart/form-data` bodies (RFC 7578): text fields and uploaded files, for the operations
// whose spec takes a file upload (Logto's avatar upload). Small and strict: a body that does not
// follow the format is refused as malformed rather than guessed at.

/** One uploaded file: its bytes with the media type and file name the client gave. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The `boundary` parameter of a `multipart/form-data` content type. */
export function boundaryOf(contentType: string): string | undefined {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** A part's `Content-Disposition` name and file name. */
function disposition(value: string | undefined) {
  if (!value || !/^\s*form-data\s*(;|$)/i.test(value)) return undefined;
  const param = (key: string) => new RegExp(`;\\s*${key}="([^"]*)"`, 'i').exec(value)?.[1];
  const name = param('name');
  return name === undefined ? undefined : { name, filename: param('filename') };
}

function headersOf(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The fields and files of a multipart body; throws a RangeError naming what is malformed. */
export function parseMultipart(raw: Buffer, boundary: string): MultipartBody {
  const delimiter = Buffer.from(`--${boundary}`);
  const body: MultipartBody = { fields: {}, files: {} };
  let position = raw.indexOf(delimiter);
  if (position !== 0) throw new RangeError('multipart body does not start with its boundary');
  for (;;) {
    position += delimiter.length;
    // `--` after a delimiter closes the body.
    if (raw.subarray(position, position + 2).toString() === '--') return body;
    if (!raw.subarray(position, position + 2).equals(CRLF))
      throw new RangeError('malformed multipart boundary');
    const headerEnd = raw.indexOf(HEADER_END, position);
    if (headerEnd < 0) throw new RangeError('multipart part without headers');
    const headers = headersOf(raw.subarray(position + 2, headerEnd).toString('utf8'));
    const next = raw.indexOf(Buffer.concat([CRLF, delimiter]), headerEnd);
    if (next < 0) throw new RangeError('multipart body is not closed');
    const content = raw.subarray(headerEnd + HEADER_END.length, next);
    const part = disposition(headers['content-disposition']);
    if (!part) throw new RangeError('multipart part without a form-data name');
    if (part.filename === undefined) body.fields[part.name] = content.toString('utf8');
    else
      body.files[part.name] = {
        filename: part.filename,
        contentType: headers['content-type'] ?? 'application/octet-stream',
        data: Buffer.from(content),
      };
    position = next + CRLF.length;
  }
}
