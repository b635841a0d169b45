//! Hostile input, issue #12's "rest the review found": ids that would steer a file name, numbers and nesting that
//! would overflow, outputs that would clobber the case or its media. Each must give a clear error and lose nothing.

mod support;

mod hostile_input {
    mod ids;
    mod numbers;
    mod text;
    mod writes;
}
