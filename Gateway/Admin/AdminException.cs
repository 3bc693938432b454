namespace Orleans.Multipart.Gateway.Admin;

/// <summary>An admin request refused with <paramref name="status"/> and the JSON error <c>{ "error": code, "message": ... }</c>.</summary>
internal sealed class AdminException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static AdminException BadRequest(string message) => new(StatusCodes.Status400BadRequest, "InvalidArgument", message);

    public static AdminException NotFound(string code, string message) => new(StatusCodes.Status404NotFound, code, message);

    public static AdminException Conflict(string code, string message) => new(StatusCodes.Status409Conflict, code, message);

    public static AdminException Denied(string code, string message) => new(StatusCodes.Status403Forbidden, code, message);
}
