namespace Orleans.Multipart.Access.Policy;

/// <summary>
/// A policy pattern with the policy language's wildcards (<c>*</c> any run of characters, <c>?</c> one
/// character), compiled once when the policy is parsed: the common shapes (everything, one literal, a
/// literal prefix) skip the general matcher, and matching never allocates.
/// </summary>
internal sealed class WildcardPattern
{
    private enum Shape
    {
        Everything,
        Literal,
        Prefix,
        General,
    }

    private readonly Shape shape;
    private readonly string literal;
    private readonly bool ignoreCase;

    private WildcardPattern(string text, bool ignoreCase, bool literalOnly)
    {
        Text = text;
        this.ignoreCase = ignoreCase;
        var firstWildcard = literalOnly ? -1 : text.AsSpan().IndexOfAny('*', '?');
        (shape, literal) = text switch
        {
            _ when literalOnly => (Shape.Literal, text),
            "*" => (Shape.Everything, ""),
            _ when firstWildcard < 0 => (Shape.Literal, text),
            _ when firstWildcard == text.Length - 1 && text[^1] == '*' => (Shape.Prefix, text[..^1]),
            _ => (Shape.General, text),
        };
    }

    /// <summary>The pattern as the policy wrote it.</summary>
    public string Text { get; }

    public bool HasWildcards => shape != Shape.Literal;

    public static WildcardPattern Compile(string text, bool ignoreCase) => new(text, ignoreCase, literalOnly: false);

    /// <summary>A pattern matching exactly <paramref name="text"/>, '*' and '?' included (StringEquals' values).</summary>
    public static WildcardPattern CompileLiteral(string text, bool ignoreCase) => new(text, ignoreCase, literalOnly: true);

    public bool Matches(ReadOnlySpan<char> value) => Matches(new PolicyText(value));

    public bool Matches(PolicyText value)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return shape switch
        {
            Shape.Everything => true,
            Shape.Literal => value.EqualsLiteral(literal, comparison),
            Shape.Prefix => value.StartsWithLiteral(literal, comparison),
            _ => Glob(value),
        };
    }

    /// <summary>Whether some text starting with <paramref name="prefix"/> matches (a resource pattern that can name an object of a bucket).</summary>
    public bool CanMatchSomethingStartingWith(string prefix)
    {
        // Runs the pattern as a set of positions over the prefix; whatever positions survive can always
        // be completed by some suffix (any pattern matches some text).
        var pattern = Text;
        var states = new bool[pattern.Length + 1];
        var next = new bool[pattern.Length + 1];
        states[0] = true;
        CloseOverStars(states, pattern);
        foreach (var c in prefix)
        {
            Array.Clear(next);
            var any = false;
            for (var p = 0; p < pattern.Length; p++)
            {
                if (!states[p])
                {
                    continue;
                }

                if (pattern[p] == '*')
                {
                    next[p] = any = true;
                }
                else if (pattern[p] == '?' || CharsEqual(pattern[p], c))
                {
                    next[p + 1] = any = true;
                }
            }

            if (!any)
            {
                return false;
            }

            (states, next) = (next, states);
            CloseOverStars(states, pattern);
        }

        return true;
    }

    private static void CloseOverStars(bool[] states, string pattern)
    {
        for (var p = 0; p < pattern.Length; p++)
        {
            if (states[p] && pattern[p] == '*')
            {
                states[p + 1] = true;
            }
        }
    }

    private bool CharsEqual(char a, char b) => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    // The classic linear-space glob: on a mismatch, go back to the last '*' and let it take one more character.
    private bool Glob(PolicyText text)
    {
        var pattern = literal.AsSpan();
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || CharsEqual(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}

/// <summary>
/// Text a pattern is matched against, given as a head and an optional tail joined by '/', so that an
/// object's resource (<c>bucket/key</c>) is matched without building the string on every request.
/// </summary>
internal readonly ref struct PolicyText
{
    private readonly ReadOnlySpan<char> head;
    private readonly ReadOnlySpan<char> tail;
    private readonly bool hasTail;

    public PolicyText(ReadOnlySpan<char> head)
    {
        this.head = head;
    }

    public PolicyText(ReadOnlySpan<char> head, ReadOnlySpan<char> tail)
    {
        this.head = head;
        this.tail = tail;
        hasTail = true;
    }

    public int Length => head.Length + (hasTail ? 1 + tail.Length : 0);

    public char this[int index] => index < head.Length ? head[index] : index == head.Length ? '/' : tail[index - head.Length - 1];

    public bool EqualsLiteral(string literal, StringComparison comparison) =>
        !hasTail
            ? head.Equals(literal, comparison)
            : literal.Length == Length && StartsWithLiteral(literal, comparison);

    public bool StartsWithLiteral(string literal, StringComparison comparison)
    {
        var text = literal.AsSpan();
        if (text.Length > Length)
        {
            return false;
        }

        if (text.Length <= head.Length)
        {
            return head.StartsWith(text, comparison);
        }

        return head.Equals(text[..head.Length], comparison)
            && text[head.Length] == '/'
            && tail.StartsWith(text[(head.Length + 1)..], comparison);
    }
}
