using SpikeSim.Engine;

namespace SpikeSim.Tests.Engine;

/// <summary>
/// A neuron's event list of one slice (<see cref="EventList"/>): references of two bytes or four kept in queue order
/// through growth, removal and widening, and the exchange of storage between two empty lists that lets a slice's
/// delivery write into memory the previous phase just read (<see cref="EventList.ExchangeIfEmpty"/>); a list that
/// still holds events (the rest of a slice cut short by the end of a run) must keep them.
/// </summary>
public class EventListTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReferencesKeepTheirOrderThroughGrowthAndRemoval(bool wide)
    {
        var arena = new EventArena();
        var list = default(EventList);
        for (int r = 0; r < 100; r++) list.Add(r, arena, wide); // grows 64, 128, 256 (and 512) bytes
        list.RemoveFirst(37, wide);
        Assert.Equal(Enumerable.Range(37, 63), References(list, wide));
        list.RemoveFirst(63, wide);
        Assert.Equal(0, list.Count);
    }

    [Fact]
    public void TwoByteReferencesNameEveryEntryBelowTheLimitAndFourByteOnesTheRest()
    {
        var arena = new EventArena();
        var narrow = default(EventList);
        var wide = default(EventList);
        int[] references = [0, 1, 65_534, ArrivalTable.NarrowLimit - 1];
        foreach (int r in references) narrow.Add(r, arena, wide: false);
        foreach (int r in (int[])[.. references, ArrivalTable.NarrowLimit, int.MaxValue]) wide.Add(r, arena, wide: true);
        Assert.Equal(references, References(narrow, wide: false));
        Assert.Equal([.. references, ArrivalTable.NarrowLimit, int.MaxValue], References(wide, wide: true));
    }

    [Theory]
    [InlineData(10)]  // 20 bytes in a block of 64: widened in place
    [InlineData(32)]  // 64 bytes, full: moved to a block of 128
    [InlineData(100)] // 200 bytes in a block of 256: moved to 512
    public void WideningKeepsTheReferencesAndTheirOrder(int count)
    {
        var arena = new EventArena();
        var list = default(EventList);
        for (int r = 0; r < count; r++) list.Add(60_000 + r, arena, wide: false);
        list.Widen(arena);
        Assert.Equal(Enumerable.Range(60_000, count), References(list, wide: true));
        list.Add(70_000, arena, wide: true);
        Assert.Equal([.. Enumerable.Range(60_000, count), 70_000], References(list, wide: true));
    }

    [Fact]
    public void TwoEmptyListsExchangeTheirStorage()
    {
        var arena = new EventArena();
        EventList a = Filled(arena, 20), b = Filled(arena, 40);
        a.RemoveFirst(20, wide: false);
        b.RemoveFirst(40, wide: false);
        nint storageA = a.Address, storageB = b.Address;

        EventList.ExchangeIfEmpty(ref a, ref b);

        Assert.True(a.Address == storageB);
        Assert.True(b.Address == storageA);
        // b now has a's old block (64 bytes): 32 two-byte references fit without moving, a 33rd moves it
        for (int r = 0; r < 32; r++) b.Add(r, arena, wide: false);
        Assert.True(b.Address == storageA);
        b.Add(32, arena, wide: false);
        Assert.False(b.Address == storageA);
        Assert.Equal(Enumerable.Range(0, 33), References(b, wide: false));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AListThatHoldsEventsIsNotExchanged(bool firstHoldsEvents)
    {
        var arena = new EventArena();
        EventList full = Filled(arena, 5), empty = Filled(arena, 8);
        empty.RemoveFirst(8, wide: false);
        nint fullStorage = full.Address, emptyStorage = empty.Address;

        if (firstHoldsEvents) EventList.ExchangeIfEmpty(ref full, ref empty);
        else EventList.ExchangeIfEmpty(ref empty, ref full);

        Assert.Equal([0, 1, 2, 3, 4], References(full, wide: false));
        Assert.Equal(0, empty.Count);
        Assert.True(full.Address == fullStorage);
        Assert.True(empty.Address == emptyStorage);
    }

    [Fact]
    public void ATableWidensItsListsWhenItOutgrowsTwoBytesAndNarrowsAgainWhenCleared()
    {
        // Five neurons, a table that names 40 entries with two bytes: each neuron gets one shared entry per "spike"
        // and one entry of its own, so the table passes 40 entries part-way through the 30th spike.
        var lists = new EventList[5];
        var table = new ArrivalTable(first: 0, size: 5, plastic: false, lists, narrowLimit: 40);
        var expected = Enumerable.Range(0, 5).Select(_ => new List<int>()).ToArray();
        int[] everyone = [0, 1, 2, 3, 4];
        for (int spike = 0; spike < 30; spike++)
        {
            int shared = table.Add(spike, 0.5);
            table.QueueShared<int>(everyone, 0, shared);
            foreach (int n in everyone) expected[n].Add(shared);
            if (spike % 2 == 0)
            {
                int own = table.Add(spike + 0.25, -1.0);
                table.Queue(spike % 5, own);
                expected[spike % 5].Add(own);
            }
            Assert.Equal(table.Count > 40, table.Wide);
        }
        Assert.True(table.Wide);
        for (int n = 0; n < 5; n++) Assert.Equal(expected[n], References(lists[n], wide: true));
        Assert.Equal(0b11111UL, table.Targets[0]);

        for (int n = 0; n < 5; n++) lists[n].RemoveFirst(lists[n].Count, wide: true);
        table.Clear();
        Assert.False(table.Wide);
        table.Queue(3, table.Add(0, 1.0));
        Assert.Equal([0], References(lists[3], wide: false));
    }

    private static EventList Filled(EventArena arena, int count)
    {
        var list = default(EventList);
        for (int r = 0; r < count; r++) list.Add(r, arena, wide: false);
        return list;
    }

    private static int[] References(EventList list, bool wide)
    {
        var references = new int[list.Count];
        for (int i = 0; i < references.Length; i++) references[i] = list.At(i, wide);
        Assert.Equal(references, wide ? list.Wide.ToArray() : [.. list.Narrow.ToArray().Select(r => (int)r)]);
        return references;
    }
}
