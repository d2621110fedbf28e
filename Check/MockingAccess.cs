using System.Runtime.CompilerServices;

// Moq (Castle DynamicProxy) generates its fakes of the check's internal interfaces in this assembly,
// so tests can simulate a failing network without making the interfaces public.
[assembly: InternalsVisibleTo("DynamicProxyGenAssembly2")]
