using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Orleans.Multipart.Hosting;

/// <summary>
/// Options a host needs while it registers its services (which clustering, which exporters, which
/// database), before the container that would validate them exists. They are bound and refused by the
/// same <see cref="IValidateOptions{TOptions}"/> that validates them at start, with the same messages.
/// </summary>
public static class ValidatedConfiguration
{
    /// <summary>Binds <paramref name="section"/> onto a new <typeparamref name="T"/>; throws <see cref="OptionsValidationException"/> when <paramref name="validator"/> refuses it.</summary>
    public static T BindValidated<T>(this IConfiguration section, string sectionName, IValidateOptions<T> validator)
        where T : class, new()
    {
        var options = new T();
        section.Bind(options);
        var result = validator.Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(sectionName, typeof(T), result.Failures);
        }

        return options;
    }
}
