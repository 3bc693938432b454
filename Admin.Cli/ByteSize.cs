using System.Globalization;

namespace Orleans.Multipart.Admin.Cli;

/// <summary>Byte counts in binary units (KiB, MiB, ...), as operators read disk space.</summary>
internal static class ByteSize
{
    private static readonly string[] Units = ["bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];

    public static string Format(long bytes)
    {
        if (bytes < 1024)
        {
            return bytes.ToString(CultureInfo.InvariantCulture) + " bytes";
        }

        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }
}
