/// Spec texts more than one test target reads.
public enum SampleSpecs {
    /// g(t) = 5 nS·e^(−t/2 ms), given without its closed form: verified against the numeric reference.
    public static let expNumeric = """
        name: exp-numeric
        equations: |
          dg/dt = -g/tau : nS
        parameters: {tau: 2 ms}
        initial: {g: 5 nS}
        reference: numeric
        t_end: 50 ms
        """
}
