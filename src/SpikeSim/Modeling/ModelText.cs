using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;

namespace SpikeSim.Modeling;

/// <summary>
/// Checks on a model's raw text that the JSON parser leaves to later: the file's size (read with a limit by
/// <see cref="BoundedTextReader"/>, so that a device such as /dev/zero or a huge file is refused rather than filling
/// memory), its UTF-8 encoding, and
/// strings whose escapes leave a lone UTF-16 surrogate (<c>"\ud800"</c>), in the file or set with <c>--set</c>.
/// </summary>
internal static class ModelText
{
    /// <summary>The largest model file read, in bytes (256 MiB: far above any real model, weight matrices included).</summary>
    public const long MaxFileBytes = 256L << 20;

    /// <summary>Reads at most <see cref="MaxFileBytes"/> of the file at <paramref name="path"/>.</summary>
    /// <exception cref="ModelException">The file is larger (or endless, like a device).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static byte[] ReadLimited(string path) =>
        BoundedTextReader.ReadAll(path, MaxFileBytes,
            $"is larger than any model ({MaxFileBytes >> 20} MiB at most); is it a device such as /dev/zero, or not a model file?");

    /// <summary>Throws a <see cref="ModelException"/> at the line of the first byte that is not valid UTF-8.</summary>
    public static void CheckUtf8(ReadOnlySpan<byte> utf8, string? sourceName)
    {
        if (Utf8.IsValid(utf8)) return;
        int offset = FirstInvalidUtf8(utf8);
        int line = 1;
        foreach (byte b in utf8[..offset]) if (b == '\n') line++;
        throw new ModelException(sourceName, null, line, NotUtf8(utf8[offset..], offset));
    }

    /// <summary>The offset of the first byte of <paramref name="utf8"/> that does not start a valid UTF-8 sequence (its length when all are valid).</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        char[] scratch = ArrayPool<char>.Shared.Rent(4096);
        try
        {
            int offset = 0;
            while (offset < utf8.Length)
            {
                OperationStatus status = Utf8.ToUtf16(utf8[offset..], scratch, out int read, out _, replaceInvalidSequences: false);
                offset += read;
                if (status == OperationStatus.InvalidData || status == OperationStatus.NeedMoreData) break;
            }
            return Math.Min(offset, utf8.Length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    /// <summary>The problem reported for text that is not UTF-8: the first bad bytes (<paramref name="bad"/>, from the bad one on) and their offset in the file.</summary>
    public static string NotUtf8(ReadOnlySpan<byte> bad, long fileOffset) =>
        $"the file is not valid UTF-8 (bytes 0x{Convert.ToHexString(bad[..Math.Min(4, bad.Length)])} at byte {fileOffset}); save it as UTF-8 text";

    /// <summary>
    /// Throws a <see cref="ModelException"/> naming the JSON path of the first string or field name that is not
    /// valid Unicode text (a lone surrogate from an escape such as <c>"\ud800"</c>).
    /// </summary>
    public static void CheckStrings(JsonNode? node, string path, string? sourceName, JsonLineIndex? lines = null)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                {
                    if (!IsWellFormed(key))
                        throw new ModelException(sourceName, path, lines?.LineOf(path), $"a field name holds a lone UTF-16 surrogate ({Escape(key)}); use whole characters");
                    CheckStrings(child, JsonPaths.Child(path, key), sourceName, lines);
                }
                break;
            case JsonArray array:
                for (int i = 0; i < array.Count; i++) CheckStrings(array[i], JsonPaths.Index(path, i), sourceName, lines);
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                string? text;
                try { text = value.GetValue<string>(); }
                catch (InvalidOperationException) { text = null; }
                if (text is null || !IsWellFormed(text))
                    throw new ModelException(sourceName, path, lines?.LineOf(path),
                        "the string holds a lone UTF-16 surrogate (an escape such as \"\\ud800\" without its pair); use whole characters");
                break;
        }
    }

    private static bool IsWellFormed(string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { i++; continue; }
            if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    private static string Escape(string s)
    {
        var b = new StringBuilder();
        foreach (char c in s) b.Append(char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString());
        return b.ToString();
    }
}
