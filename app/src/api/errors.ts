/** Failures of the app API as the member reads them: the API's Chinese ``message``, and for a
 * form the messages per field (``fields``). */

export interface ErrorBody {
  code: string;
  message: string;
  fields?: Record<string, string[]>;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string[]>;

  constructor(status: number, body: ErrorBody) {
    super(body.message);
    this.name = "ApiFailure";
    this.status = status;
    this.code = body.code;
    this.fields = body.fields ?? {};
  }

  /** The messages of one input field, joined for a form's error line. */
  fieldMessage(field: string): string {
    return (this.fields[field] ?? []).join("；");
  }
}

/** A request that never reached the server (no network, server down). */
export class NetworkFailure extends Error {
  constructor() {
    super("网络连接失败，请检查网络后重试。");
    this.name = "NetworkFailure";
  }
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as ErrorBody).code === "string" &&
    typeof (value as ErrorBody).message === "string"
  );
}

/** The failure for a response whose body may or may not be the API's error shape. */
export function failureFrom(status: number, body: unknown): ApiFailure {
  if (isErrorBody(body)) return new ApiFailure(status, body);
  const message =
    status >= 500 ? "服务器暂时无法处理，请稍后重试。" : `请求未能完成（${status}）。`;
  return new ApiFailure(status, { code: "unexpected_response", message });
}

/** What to show a person for any error thrown while talking to the API. */
export function errorText(error: unknown): string {
  if (error instanceof ApiFailure || error instanceof NetworkFailure) return error.message;
  return "操作未能完成，请重试。";
}
