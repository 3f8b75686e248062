namespace SpikeSim.Modeling;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
public static class Suggestions
{
    /// <summary>
    /// The known name closest to <paramref name="name"/> (case-insensitive optimal string alignment distance,
    /// at most 2, or a third of the name's length for long names, and at most half the longer name), or null when
    /// none is close.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        int limit = Math.Max(2, name.Length / 3);
        foreach (string k in known)
        {
            int d = Distance(name.ToLowerInvariant(), k.ToLowerInvariant());
            if (2 * d > Math.Max(name.Length, k.Length)) continue; // too different to be a typo, e.g. "c" for "a"
            if (d < bestDistance)
            {
                bestDistance = d;
                best = k;
            }
        }
        return bestDistance <= limit && best != name ? best : null;
    }

    /// <summary>
    /// "; did you mean "x"? Rest" when a known name is close to <paramref name="name"/>, else "; rest"
    /// (<paramref name="rest"/> is written in lower case and capitalized after a question).
    /// </summary>
    public static string Then(string name, IEnumerable<string> known, string rest) =>
        Closest(name, known) is string s
            ? $"; did you mean \"{s}\"? {char.ToUpperInvariant(rest[0])}{rest[1..]}"
            : "; " + rest;

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                d[i, j] = v;
            }
        }
        return d[a.Length, b.Length];
    }
}
