using System.Globalization;
using System.Text.RegularExpressions;
using SpikeSim.Modeling;
using SpikeSim.Units;

namespace SpikeSim.Sweeps;

/// <summary>
/// One swept model field and the values it takes, written <c>PATH=VALUES</c> as in <c>spikesim sweep --param</c>.
/// PATH is a <c>run --set</c> path (see <see cref="ModelOverrides"/>); several paths joined by <c>+</c> all take the
/// same value (e.g. <c>projections.inh-exc.weight+projections.inh-inh.weight=...</c>). VALUES is one of:
/// <list type="bullet">
/// <item><c>START..END:COUNT</c>, a grid of COUNT evenly spaced values from START to END inclusive, with units
/// (<c>10 ms..30 ms:5</c> is 10, 15, 20, 25, 30 ms; END is converted to START's unit);</item>
/// <item><c>[A,B,...]</c>, a list of values, each used as a <c>--set</c> value (<c>[10 Hz,20 Hz,40 Hz]</c>);</item>
/// <item><c>uniform(LOW,HIGH)</c> or <c>loguniform(LOW,HIGH)</c>, seeded random samples (one per sample point,
/// see <see cref="SweepSpec.Samples"/>), in LOW's unit.</item>
/// </list>
/// The values' units are checked when they are applied to the model, by the model reader itself.
/// </summary>
public abstract partial record SweepParameter(string Path)
{
    /// <summary>The model paths the value is written to (<see cref="Path"/> split at '+').</summary>
    public IReadOnlyList<string> Paths => Path.Split('+');

    /// <summary>The canonical VALUES text, which parses back to an equal parameter.</summary>
    public abstract string ValuesText { get; }

    /// <summary>Parses <c>PATH=VALUES</c>; <paramref name="option"/> names the source in errors (e.g. <c>--param</c>).</summary>
    /// <exception cref="ModelException">Malformed text, an empty range or an unknown unit.</exception>
    public static SweepParameter Parse(string assignment, string option = "--param")
    {
        ArgumentNullException.ThrowIfNull(assignment);
        int eq = assignment.IndexOf('=');
        if (eq < 0)
            throw Fail(option, assignment, "expected PATH=VALUES, e.g. 'populations.exc.neuron.tau_m=10 ms..30 ms:5'");
        string path = assignment[..eq].Trim();
        if (path.StartsWith("$.", StringComparison.Ordinal)) path = path[2..];
        if (path.Length == 0) throw Fail(option, assignment, "the PATH before '=' is empty");
        foreach (string p in path.Split('+'))
            if (p.Trim().Length == 0 || p.Split('.').Any(s => s.Trim().Length == 0))
                throw Fail(option, assignment, $"the PATH \"{path}\" has an empty segment");
        path = string.Join('+', path.Split('+').Select(p => string.Join('.', p.Split('.').Select(s => s.Trim()))));
        return ParseValues(path, assignment[(eq + 1)..].Trim(), option, assignment);
    }

    /// <summary>Parses the VALUES part for <paramref name="path"/> (see the type's remarks).</summary>
    public static SweepParameter ParseValues(string path, string values, string option, string source)
    {
        if (values.Length == 0) throw Fail(option, source, "no values after '='");
        if (values[0] == '[')
        {
            if (values[^1] != ']') throw Fail(option, source, "a list must end with ']', e.g. [10 Hz,20 Hz,40 Hz]");
            var items = SplitTopLevel(values[1..^1]);
            if (items.Count == 1 && items[0].Length == 0) throw Fail(option, source, "the list is empty");
            foreach (string item in items)
                if (item.Length == 0) throw Fail(option, source, "the list has an empty value");
            return new ListParameter(path, items);
        }
        var random = RandomForm().Match(values);
        if (random.Success)
        {
            var kind = random.Groups[1].Value == "uniform" ? RandomKind.Uniform : RandomKind.LogUniform;
            var args = SplitTopLevel(random.Groups[2].Value);
            if (args.Count != 2) throw Fail(option, source, $"{random.Groups[1].Value}(LOW,HIGH) takes two values");
            var low = QuantityText.Parse(args[0], option, source);
            var high = QuantityText.Parse(args[1], option, source).ConvertTo(low, option, source);
            if (!(low.Value < high.Value)) throw Fail(option, source, $"the range {args[0]}..{args[1]} is empty: LOW must be below HIGH");
            if (kind == RandomKind.LogUniform && !(low.Value > 0))
                throw Fail(option, source, "loguniform needs LOW and HIGH above zero");
            return new RandomParameter(path, kind, low.Value, high.Value, low.Unit);
        }
        int dots = values.IndexOf("..", StringComparison.Ordinal);
        int colon = values.LastIndexOf(':');
        if (dots > 0 && colon > dots)
        {
            var start = QuantityText.Parse(values[..dots], option, source);
            var end = QuantityText.Parse(values[(dots + 2)..colon], option, source).ConvertTo(start, option, source);
            string countText = values[(colon + 1)..].Trim();
            if (!int.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out int count) || count < 1)
                throw Fail(option, source, $"the COUNT after ':' must be a whole number of values ≥ 1, got \"{countText}\"");
            if (count > 1 && start.Value == end.Value)
                throw Fail(option, source, $"the range {values[..colon].Trim()} is empty: START equals END");
            if (count == 1 && start.Value != end.Value)
                throw Fail(option, source, "a grid of 1 value needs START equal to END; give COUNT ≥ 2");
            return new GridParameter(path, start.Value, end.Value, count, start.Unit);
        }
        if (dots >= 0)
            throw Fail(option, source, "a grid is START..END:COUNT, e.g. 10 ms..30 ms:5 (the COUNT is missing)");
        throw Fail(option, source,
            "expected a grid START..END:COUNT (10 ms..30 ms:5), a list [A,B,...] ([10 Hz,20 Hz]) or uniform(LOW,HIGH) / " +
            "loguniform(LOW,HIGH); to fix a field at one value use --set");
    }

    /// <summary>Splits at commas that are not inside brackets, braces, parentheses or quotes; trims each piece.</summary>
    internal static List<string> SplitTopLevel(string text)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '\\') i++;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case '[' or '{' or '(': depth++; break;
                case ']' or '}' or ')': depth--; break;
                case ',' when depth == 0:
                    parts.Add(text[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }
        parts.Add(text[start..].Trim());
        return parts;
    }

    internal static ModelException Fail(string option, string source, string problem) =>
        new(option, null, null, $"\"{source}\": {problem}");

    [GeneratedRegex(@"^(uniform|loguniform)\s*\((.*)\)$", RegexOptions.CultureInvariant)]
    private static partial Regex RandomForm();
}

/// <summary>A grid of <paramref name="Count"/> evenly spaced values from Start to End inclusive, in <paramref name="Unit"/>.</summary>
/// <param name="Path">The model path(s).</param>
/// <param name="Start">First value, in <paramref name="Unit"/>.</param>
/// <param name="End">Last value, in <paramref name="Unit"/>.</param>
/// <param name="Count">Number of values.</param>
/// <param name="Unit">Unit symbol as written ("" for a plain number).</param>
public sealed record GridParameter(string Path, decimal Start, decimal End, int Count, string Unit) : SweepParameter(Path)
{
    /// <inheritdoc/>
    public override string ValuesText =>
        $"{QuantityText.Format(Start, Unit)}..{QuantityText.Format(End, Unit)}:{Count.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The i-th value's text, e.g. "15 ms": Start + (End − Start)·i/(Count − 1), computed in decimal.</summary>
    public string Value(int i) => QuantityText.Format(
        i == Count - 1 ? End : Start + (End - Start) * i / Math.Max(1, Count - 1), Unit);
}

/// <summary>A list of values, each used as a <c>--set</c> value text.</summary>
/// <param name="Path">The model path(s).</param>
/// <param name="Values">The value texts.</param>
public sealed record ListParameter(string Path, IReadOnlyList<string> Values) : SweepParameter(Path)
{
    /// <inheritdoc/>
    public override string ValuesText => "[" + string.Join(",", Values) + "]";

    /// <inheritdoc/>
    public bool Equals(ListParameter? other) => other is not null && Path == other.Path && Values.SequenceEqual(other.Values);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Path, Values.Count);
}

/// <summary>How a random parameter is drawn.</summary>
public enum RandomKind
{
    /// <summary>Uniform on [low, high).</summary>
    Uniform,

    /// <summary>exp of a uniform on [ln low, ln high).</summary>
    LogUniform,
}

/// <summary>A value drawn at random for each sample point, in <paramref name="Unit"/>.</summary>
/// <param name="Path">The model path(s).</param>
/// <param name="Kind">The distribution.</param>
/// <param name="Low">Lower bound, in <paramref name="Unit"/>.</param>
/// <param name="High">Upper bound, in <paramref name="Unit"/>.</param>
/// <param name="Unit">Unit symbol as written ("" for a plain number).</param>
public sealed record RandomParameter(string Path, RandomKind Kind, decimal Low, decimal High, string Unit) : SweepParameter(Path)
{
    /// <inheritdoc/>
    public override string ValuesText =>
        $"{(Kind == RandomKind.Uniform ? "uniform" : "loguniform")}({QuantityText.Format(Low, Unit)},{QuantityText.Format(High, Unit)})";

    /// <summary>The value text for a uniform draw <paramref name="u"/> in [0, 1), e.g. "17.3 ms" (shortest round-trip number).</summary>
    public string Value(double u)
    {
        double low = (double)Low, high = (double)High;
        double v = Kind == RandomKind.Uniform
            ? low + (high - low) * u
            : Math.Exp(Math.Log(low) + (Math.Log(high) - Math.Log(low)) * u);
        string number = Quantity.FormatNumber(v);
        return Unit.Length == 0 ? number : number + " " + Unit;
    }
}
