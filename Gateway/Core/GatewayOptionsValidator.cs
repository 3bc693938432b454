namespace Orleans.Multipart.Gateway.Core;

/// <summary>Refuses, at start, a <c>Gateway</c> section the gateway could not serve with (sizes and timeouts that are not positive, bindings without a dialect).</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DefaultDialect))
        {
            failures.Add("Gateway:DefaultDialect must name a dialect.");
        }

        Positive(options.MaxPartSize, "MaxPartSize");
        Positive(options.MaxObjectSize, "MaxObjectSize");
        AtMost(options.MaxPartSize, ObjectLimits.MaxPartSize, "MaxPartSize");
        AtMost(options.MaxObjectSize, ObjectLimits.MaxObjectSize, "MaxObjectSize");
        Positive(options.MaxRequestDocumentBytes, "MaxRequestDocumentBytes");
        Positive(options.MaxRequestDocumentDepth, "MaxRequestDocumentDepth");
        Positive(options.MaxRequestDocumentElements, "MaxRequestDocumentElements");
        if (options.MinPartSize < 0 || options.MinPartSize > options.MaxPartSize)
        {
            failures.Add("Gateway:MinPartSize must be between 0 and Gateway:MaxPartSize.");
        }

        if (options.BodyIdleTimeout <= TimeSpan.Zero)
        {
            failures.Add("Gateway:BodyIdleTimeout must be positive.");
        }

        if (options.MaxClockSkew <= TimeSpan.Zero)
        {
            failures.Add("Gateway:MaxClockSkew must be positive.");
        }

        for (var i = 0; i < options.Dialects.Count; i++)
        {
            var binding = options.Dialects[i];
            if (string.IsNullOrWhiteSpace(binding.Dialect))
            {
                failures.Add($"Gateway:Dialects:{i}:Dialect must name a dialect.");
            }

            if (binding.Port is < 1 or > 65535)
            {
                failures.Add($"Gateway:Dialects:{i}:Port must be a TCP port (1-65535).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(long value, string setting)
        {
            if (value <= 0)
            {
                failures.Add($"Gateway:{setting} must be positive.");
            }
        }

        // The grains refuse anything above the domain's limit whoever calls them, so a gateway allowed more would only fail later.
        void AtMost(long value, long limit, string setting)
        {
            if (value > limit)
            {
                failures.Add($"Gateway:{setting} must be at most {limit} (the grains' limit).");
            }
        }
    }
}
