using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Orleans.Multipart.Gateway.Core;

/// <summary>
/// One row of the <see cref="ErrorCatalogue"/>: the error's status, its code and message template as S3
/// names them (the names most vendors share), and, only for the dialects that name it otherwise, their
/// vendor code (and status), or the error it answers as where the vendor names no such error.
/// </summary>
/// <param name="Message">A composite format: <c>{0}</c>, <c>{1}</c> take the specifics (<see cref="Format"/>); literal braces are doubled.</param>
internal sealed record ErrorRow(int Status, string Code, string Message)
{
    private ImmutableDictionary<string, (int Status, string Code)> Named { get; init; } = ImmutableDictionary<string, (int Status, string Code)>.Empty;

    private ImmutableDictionary<string, MultipartError> AnsweredAs { get; init; } = ImmutableDictionary<string, MultipartError>.Empty;

    private CompositeFormat? _template;

    public ErrorRow Cdcs(string code, int? status = null) => Naming(DialectNames.Cdcs, code, status);

    public ErrorRow Wos(string code, int? status = null) => Naming(DialectNames.Wos, code, status);

    public ErrorRow QingStor(string code, int? status = null) => Naming(DialectNames.QingStor, code, status);

    public ErrorRow Jss(string code, int? status = null) => Naming(DialectNames.Jss, code, status);

    /// <summary>In <paramref name="dialects"/>, whose vendors name no such error, this one answers with <paramref name="other"/>'s status and code there.</summary>
    public ErrorRow As(MultipartError other, params string[] dialects) =>
        this with { AnsweredAs = AnsweredAs.SetItems(dialects.Select(d => KeyValuePair.Create(d, other))) };

    /// <summary>The dialect's own status and code, when it names this error itself.</summary>
    public bool TryNamedIn(string dialect, out (int Status, string Code) rendering) => Named.TryGetValue(dialect, out rendering);

    /// <summary>The error whose rendering this one takes in <paramref name="dialect"/>, when the vendor names no such error.</summary>
    public bool TryAnsweredAsIn(string dialect, out MultipartError other) => AnsweredAs.TryGetValue(dialect, out other);

    /// <summary>The message with its specifics filled in (invariant culture).</summary>
    public string Format(params object?[] args) =>
        string.Format(CultureInfo.InvariantCulture, _template ??= CompositeFormat.Parse(Message), args);

    private ErrorRow Naming(string dialect, string code, int? status) =>
        this with { Named = Named.SetItem(dialect, (status ?? Status, code)) };
}
