using System.Globalization;
using System.Net;
using System.Text;

namespace SpikeSim.Plotting.Reports;

/// <summary>Small pieces of HTML for the report: escaping, tables, embedded images.</summary>
internal static class Html
{
    /// <summary>Text made safe for HTML content and attribute values.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>A table with a header row; every cell is text (escaped).</summary>
    public static string Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string? cssClass = null)
    {
        var sb = new StringBuilder(cssClass is null ? "<table>\n<tr>" : $"<table class=\"{cssClass}\">\n<tr>");
        foreach (string h in header) sb.Append("<th>").Append(Escape(h)).Append("</th>");
        sb.Append("</tr>\n");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (string cell in row) sb.Append(IsNumber(cell) ? "<td class=\"num\">" : "<td>").Append(Escape(cell)).Append("</td>");
            sb.Append("</tr>\n");
        }
        return sb.Append("</table>\n").ToString();
    }

    /// <summary>A two-column table of names and values.</summary>
    public static string KeyValues(IEnumerable<(string Key, string Value)> pairs)
    {
        var sb = new StringBuilder("<table class=\"kv\">\n");
        foreach (var (k, v) in pairs) sb.Append("<tr><th>").Append(Escape(k)).Append("</th><td>").Append(Escape(v)).Append("</td></tr>\n");
        return sb.Append("</table>\n").ToString();
    }

    /// <summary>A <c>data:</c> URI of an image's bytes.</summary>
    public static string DataUri(string mediaType, byte[] bytes) => $"data:{mediaType};base64,{Convert.ToBase64String(bytes)}";

    /// <summary>The media type of an image file by its extension, or null when it is not an image a browser shows.</summary>
    public static string? ImageMediaType(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".svg" => "image/svg+xml",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".gif" => "image/gif",
        _ => null,
    };

    /// <summary>A figure: the image and its caption.</summary>
    public static string Figure(string src, string caption) =>
        $"<figure><img src=\"{Escape(src)}\" alt=\"{Escape(caption)}\"><figcaption>{Escape(caption)}</figcaption></figure>\n";

    /// <summary>A number for a table: up to 6 significant digits, invariant culture.</summary>
    public static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("G6", CultureInfo.InvariantCulture) : "";

    private static bool IsNumber(string cell) =>
        cell.Length > 0 && double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
