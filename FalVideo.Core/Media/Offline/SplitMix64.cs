namespace FalVideo.Core.Media.Offline;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny PRNG whose output is fixed by its published algorithm, so the same seed
/// draws the same picture on every machine and .NET version (System.Random's algorithm is unspecified).
/// </summary>
public struct SplitMix64(long seed)
{
    private ulong _state = unchecked((ulong)seed);

    public ulong NextUInt64()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1), from the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public double NextDouble(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int NextInt(int min, int max) => min + (int)(NextUInt64() % (ulong)(max - min));
}
