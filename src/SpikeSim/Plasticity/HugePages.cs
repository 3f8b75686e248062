using System.Runtime.InteropServices;

namespace SpikeSim.Plasticity;

/// <summary>
/// Large arrays read at random (the plastic synapses' state: one access per arrival, anywhere in hundreds of MB) on
/// Linux transparent huge pages, so that those accesses do not also miss the TLB. Only a hint: elsewhere, or when the
/// kernel declines, the array is an ordinary one.
/// </summary>
internal static partial class HugePages
{
    private const int MadviseHugePage = 14; // MADV_HUGEPAGE
    private const long PageBytes = 2 << 20;

    /// <summary>A zeroed array of <paramref name="length"/> elements that does not move, advised onto huge pages when it is large.</summary>
    public static T[] Allocate<T>(int length) where T : struct
    {
        long bytes = (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (bytes < 4 * PageBytes || !OperatingSystem.IsLinux()) return new T[length];
        T[] array = GC.AllocateArray<T>(length, pinned: true);
        unsafe
        {
            long start = (long)System.Runtime.CompilerServices.Unsafe.AsPointer(ref array[0]);
            long first = (start + PageBytes - 1) & ~(PageBytes - 1), end = (start + bytes) & ~(PageBytes - 1);
            if (end > first) _ = Madvise((nint)first, (nuint)(end - first), MadviseHugePage);
        }
        return array;
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
