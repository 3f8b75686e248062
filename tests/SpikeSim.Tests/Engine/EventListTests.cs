using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SpikeSim.Engine;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// A neuron's event list of one slice (<see cref="EventList"/>): references kept in queue order through growth and
/// removal, and the exchange of storage between two empty lists that lets a slice's delivery write into memory the
/// previous phase just read (<see cref="EventList.ExchangeIfEmpty"/>); a list that still holds events (the rest of a
/// slice cut short by the end of a run) must keep them.
/// </summary>
public class EventListTests
{
    [Fact]
    public void ReferencesKeepTheirOrderThroughGrowthAndRemoval()
    {
        var arena = new EventArena();
        var list = default(EventList);
        for (int r = 0; r < 100; r++) list.Add(r, arena); // grows 16, 32, 64, 128
        list.RemoveFirst(37);
        Assert.Equal(Enumerable.Range(37, 63), list.Items.ToArray());
        list.RemoveFirst(63);
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void TwoEmptyListsExchangeTheirStorage()
    {
        var arena = new EventArena();
        EventList a = Filled(arena, 20), b = Filled(arena, 40);
        a.RemoveFirst(20);
        b.RemoveFirst(40);
        ref int storageA = ref Storage(a), storageB = ref Storage(b);

        EventList.ExchangeIfEmpty(ref a, ref b);

        Assert.True(Unsafe.AreSame(ref Storage(a), ref storageB));
        Assert.True(Unsafe.AreSame(ref Storage(b), ref storageA));
        // b now has a's old capacity (32): 32 references fit without moving, a 33rd moves it
        for (int r = 0; r < 32; r++) b.Add(r, arena);
        Assert.True(Unsafe.AreSame(ref Storage(b), ref storageA));
        b.Add(32, arena);
        Assert.False(Unsafe.AreSame(ref Storage(b), ref storageA));
        Assert.Equal(Enumerable.Range(0, 33), b.Items.ToArray());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AListThatHoldsEventsIsNotExchanged(bool firstHoldsEvents)
    {
        var arena = new EventArena();
        EventList full = Filled(arena, 5), empty = Filled(arena, 8);
        empty.RemoveFirst(8);
        ref int fullStorage = ref Storage(full), emptyStorage = ref Storage(empty);

        if (firstHoldsEvents) EventList.ExchangeIfEmpty(ref full, ref empty);
        else EventList.ExchangeIfEmpty(ref empty, ref full);

        Assert.Equal([0, 1, 2, 3, 4], full.Items.ToArray());
        Assert.Equal(0, empty.Count);
        Assert.True(Unsafe.AreSame(ref Storage(full), ref fullStorage));
        Assert.True(Unsafe.AreSame(ref Storage(empty), ref emptyStorage));
    }

    private static EventList Filled(EventArena arena, int count)
    {
        var list = default(EventList);
        for (int r = 0; r < count; r++) list.Add(r, arena);
        return list;
    }

    /// <summary>Where a list keeps its references (its first place, also when it holds none).</summary>
    private static ref int Storage(in EventList list) => ref MemoryMarshal.GetReference(list.Items);
}
