using System.Runtime.InteropServices;

namespace SpikeSim.Cli;

/// <summary>
/// What the native AOT build of the tool (<c>dotnet pack</c>, see the project file) must be shown about code that
/// libraries make at run time. The generic methods PureHDF instantiates by reflection are listed in
/// <c>PureHdf.rd.xml</c>; this class covers the rest.
/// </summary>
internal static class NativeAot
{
    /// <summary>
    /// PureHDF sizes the element types it writes with <c>Marshal.SizeOf(Type)</c>, which under native AOT works only
    /// for types whose marshalling data the compiler saw in a <c>Marshal.SizeOf&lt;T&gt;</c>: these. Call before
    /// writing an HDF5 file; it costs nothing.
    /// </summary>
    public static void PrepareHdf5Writer()
    {
        _ = Marshal.SizeOf<byte>() + Marshal.SizeOf<sbyte>() + Marshal.SizeOf<short>() + Marshal.SizeOf<ushort>()
          + Marshal.SizeOf<int>() + Marshal.SizeOf<uint>() + Marshal.SizeOf<long>() + Marshal.SizeOf<ulong>()
          + Marshal.SizeOf<float>() + Marshal.SizeOf<double>();
    }
}
