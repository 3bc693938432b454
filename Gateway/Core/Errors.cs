namespace Orleans.Multipart.Gateway.Core;

/// <summary>Raising a catalogue error: <c>throw MultipartError.NoSuchBucket.Error()</c>, or <c>.With(specifics)</c> for a template that takes them.</summary>
public static class Errors
{
    /// <summary>The error with its catalogue message.</summary>
    public static DialectException Error(this MultipartError code) => new(code, ErrorCatalogue.Row(code).Format());

    /// <summary>The error with its catalogue message template filled in with <paramref name="specifics"/>.</summary>
    public static DialectException With(this MultipartError code, params object?[] specifics) => new(code, ErrorCatalogue.Row(code).Format(specifics));
}
